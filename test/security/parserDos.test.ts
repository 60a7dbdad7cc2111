import { describe, expect, it } from "@effect/vitest"
import { Effect, Option } from "effect"
import { Http, Retry } from "effect-requests"
import { MockHttp } from "effect-requests/testing"

// The request-side cases fail before sending: nothing may reach this mock.
const NoRoutes = MockHttp.layer([])

const nested = (depth: number) => {
  let value: Record<string, unknown> = { leaf: "x" }
  for (let i = 0; i < depth; i++) value = { a: value }
  return value as never
}

describe("parser and encoder DoS: hostile input is a typed error, never a crash or a stall", () => {
  it.effect("an object nested 10,000 deep as form or params is an InvalidRequest, not a stack overflow (axios CVE-2026-42039)", () =>
    Effect.gen(function* () {
      const form = yield* Http.post("https://api.test/x", { form: nested(10_000) }).pipe(Effect.flip)
      const params = yield* Http.get("https://api.test/x", { params: nested(10_000) }).pipe(Effect.flip)
      expect(form).toMatchObject({ _tag: "InvalidRequest" })
      expect(params).toMatchObject({ _tag: "InvalidRequest" })
      expect(yield* MockHttp.calls).toEqual([])
    }).pipe(Effect.provide(NoRoutes)))

  it.effect("a JSON body with a cycle or a BigInt is an InvalidRequest", () =>
    Effect.gen(function* () {
      const cycle: Record<string, unknown> = {}
      cycle.self = cycle
      for (const json of [cycle, { n: 1n }]) {
        const err = yield* Http.post("https://api.test/x", { json }).pipe(Effect.flip)
        expect(err).toMatchObject({ _tag: "InvalidRequest" })
      }
    }).pipe(Effect.provide(NoRoutes)))

  it.effect("a header value of 100,000 spaces goes through the checks (undici CVE-2023-24807: no quadratic regex)", () =>
    Effect.gen(function* () {
      // No time is asserted (timings are noisy here); a quadratic check would
      // run into the test's timeout.
      const res = yield* Http.get("https://api.test/h", { headers: { "x-long": `${" ".repeat(100_000)}x` } })
      expect(res.status).toBe(204)
      expect((yield* MockHttp.calls)[0]!.headers["x-long"]).toHaveLength(100_001)
    }).pipe(Effect.provide(MockHttp.layer([MockHttp.get("/h", MockHttp.status(204))]))))

  it.effect("hostile response headers (a 100,000-character cookie name, Link, Retry-After, charset) are parsed without a stall (axios GHSA-hfxv-24rg-xrqf)", () =>
    Effect.gen(function* () {
      // No time is asserted; a quadratic parser would run into the test's timeout.
      const long = "a".repeat(100_000)
      const session = Http.make({ cookies: true, retry: Retry.none })
      const res = yield* session.get("https://api.test/hostile", { validateStatus: () => true })
      expect(Option.isNone(Http.link(res, "next"))).toBe(true)
      expect(yield* res.text).toBe("ok")
      const next = yield* session.get("https://api.test/after")
      expect(next.status).toBe(204)
      const calls = yield* MockHttp.calls
      expect(calls).toHaveLength(2)
      // Like browsers, the jar keeps no cookie over 4096 bytes.
      expect(calls[1]!.headers.cookie ?? "").not.toContain(long)
    }).pipe(Effect.provide(MockHttp.layer([
      MockHttp.get("/hostile", MockHttp.text("ok", {
        status: 503,
        headers: {
          "set-cookie": [`${"a".repeat(100_000)}=1`, `b=${";".repeat(100_000)}`],
          link: `<${"<".repeat(100_000)}>; rel="${" ".repeat(100_000)}`,
          "retry-after": `${" ".repeat(100_000)}1`,
          "content-type": `text/plain; charset=${"\"".repeat(100_000)}`
        }
      })),
      MockHttp.get("/after", MockHttp.status(204))
    ]))))
})
