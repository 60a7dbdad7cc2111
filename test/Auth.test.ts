import { describe, expect, it } from "@effect/vitest"
import { Redacted } from "effect"
import { Auth } from "effect-requests"

describe("Auth", () => {
  it("basic encodes user:password as UTF-8 base64", () => {
    expect(Auth.toHeader(Auth.basic("user", "pass"))).toBe("Basic dXNlcjpwYXNz")
    expect(Auth.toHeader(Auth.basic("user", "päss"))).toBe(`Basic ${Buffer.from("user:päss").toString("base64")}`)
  })

  it("bearer sends the token", () => {
    expect(Auth.toHeader(Auth.bearer(Redacted.make("t0k")))).toBe("Bearer t0k")
  })

  it("keeps secrets redacted when printed", () => {
    const auth = Auth.bearer("t0k")
    expect(JSON.stringify(auth)).not.toContain("t0k")
    expect(String((auth as Auth.Bearer).token)).not.toContain("t0k")
    expect(JSON.stringify(Auth.basic("u", "pw"))).not.toContain("pw")
  })
})
