import { describe, expect, it } from "@effect/vitest"
import { redactHeaders, redactUrl } from "../../src/internal/redact.js"

describe("redaction", () => {
  it("hides a userinfo password, or a lone userinfo token", () => {
    expect(redactUrl("https://user:pw@h/x")).toBe("https://user:<redacted>@h/x")
    expect(redactUrl("https://ghp_token@github.com/x")).toBe("https://<redacted>@github.com/x")
  })

  it("hides credential query and fragment parameters and keeps the rest", () => {
    expect(redactUrl("http://h/x?access_token=a&page=2&api_key=b&X-Amz-Signature=c&key=d&author=e"))
      .toBe("http://h/x?access_token=<redacted>&page=2&api_key=<redacted>&X-Amz-Signature=<redacted>&key=<redacted>&author=e")
    expect(redactUrl("http://h/cb#access_token=t&state=s")).toBe("http://h/cb#access_token=<redacted>&state=s")
    expect(redactUrl("http://h/x?q=1#frag")).toBe("http://h/x?q=1#frag")
  })

  it("works on strings that are not URLs, and is idempotent", () => {
    expect(redactUrl("not a url?password=p")).toBe("not a url?password=<redacted>")
    const once = redactUrl("http://u:p@h/?token=t")
    expect(redactUrl(once)).toBe(once)
  })

  it("hides credential headers whatever their case", () => {
    expect(redactHeaders({ Authorization: "Bearer x", cookie: "a=1", "set-cookie": "b=2", accept: "*/*" }))
      .toEqual({ Authorization: "<redacted>", cookie: "<redacted>", "set-cookie": "<redacted>", accept: "*/*" })
  })
})
