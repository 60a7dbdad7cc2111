import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Http } from "effect-requests"
import { MockHttp } from "effect-requests/testing"

// Nothing here may reach the mock: every case fails before sending.
const NoRoutes = MockHttp.layer([])

const nested = (depth: number) => {
  let value: Record<string, unknown> = { leaf: "x" }
  for (let i = 0; i < depth; i++) value = { a: value }
  return value as never
}

describe("bad input is a typed error before anything is sent", () => {
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

  it.effect("CR, LF or a quote in a multipart filename, or CR/LF in its content type, is an InvalidRequest (axios GHSA-445q-vr5w-6q77)", () =>
    Effect.gen(function* () {
      const files = [
        { content: "x", filename: "a\r\nContent-Type: text/html" },
        { content: "x", filename: "a\".txt" },
        { content: "x", filename: "a.txt", contentType: "text/plain\r\nX-Injected: 1" }
      ]
      for (const file of files) {
        const err = yield* Http.post("https://api.test/upload", { multipart: { file } }).pipe(Effect.flip)
        expect(err).toMatchObject({ _tag: "InvalidRequest" })
      }
      expect(yield* MockHttp.calls).toEqual([])
    }).pipe(Effect.provide(NoRoutes)))

  it.effect("form keys like __proto__[x] are sent as text and pollute nothing (axios formDataToJSON)", () =>
    Effect.gen(function* () {
      yield* Http.post("https://api.test/form", { form: { "__proto__[x]": "1", "constructor[prototype][y]": "2" } })
      const call = (yield* MockHttp.calls)[0]!
      expect(call.text).toBe("__proto__%5Bx%5D=1&constructor%5Bprototype%5D%5By%5D=2")
      expect(({} as Record<string, unknown>).x).toBeUndefined()
      expect(({} as Record<string, unknown>).y).toBeUndefined()
    }).pipe(Effect.provide(MockHttp.layer([MockHttp.post("/form", MockHttp.status(204))]))))

  it.effect("a header value of 100,000 spaces goes through the checks (undici CVE-2023-24807: no quadratic regex)", () =>
    Effect.gen(function* () {
      // No time is asserted (timings are noisy here); a quadratic check would
      // run into the test's timeout.
      const res = yield* Http.get("https://api.test/h", { headers: { "x-long": `${" ".repeat(100_000)}x` } })
      expect(res.status).toBe(204)
      expect((yield* MockHttp.calls)[0]!.headers["x-long"]).toHaveLength(100_001)
    }).pipe(Effect.provide(MockHttp.layer([MockHttp.get("/h", MockHttp.status(204))]))))
})
