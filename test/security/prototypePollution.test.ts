import { afterEach, describe, expect, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { Auth, Http, Retry } from "effect-requests"
import { MockHttp, TestServer } from "effect-requests/testing"
import { eachTransport } from "../helpers.js"
import { recordOf } from "#testline"

const HeadersEcho = Schema.Struct({ headers: recordOf(Schema.String) })

eachTransport((e2e, transport) => {
  it.layer(e2e)(`options are read as own properties [${transport}]`, (it) => {
    afterEach(() => {
      delete (Object.prototype as any).baseUrl
      delete (Object.prototype as any).auth
      delete (Object.prototype as any).validateStatus
      delete (Object.prototype as any).proxy
      delete (Object.prototype as any).allowAbsoluteUrls
      delete (Object.prototype as any).allowInsecureRedirects
    })

    it.scoped("a polluted Object.prototype cannot redirect a session or add auth (axios CVE-2026-42264)", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const evil = yield* TestServer.make()
        Object.assign(Object.prototype, {
          baseUrl: `${evil.url}/`,
          auth: Auth.bearer("polluted"),
          validateStatus: () => true,
          proxy: "http://127.0.0.1:9",
          allowAbsoluteUrls: true,
          allowInsecureRedirects: true
        })
        const echo = yield* Http.make({}).get(`${base}/headers`).pipe(Http.decode(HeadersEcho))
        expect(echo.headers.Authorization).toBeUndefined()
        const err = yield* Http.get(`${base}/status/500`, { retry: Retry.none }).pipe(Effect.flip)
        expect(err).toMatchObject({ _tag: "StatusError" })
        expect(yield* evil.received).toEqual([])
        // A polluted allowAbsoluteUrls does not open a session's baseUrl either.
        const bounded = yield* Http.make({ baseUrl: `${base}/` }).get(`${evil.url}/get`).pipe(Effect.flip)
        expect(bounded).toMatchObject({ _tag: "InvalidUrl" })
        expect(yield* evil.received).toEqual([])
      }))
  })})

describe("keys that look like prototype paths are data", () => {
  it.effect("form keys like __proto__[x] are sent as text and pollute nothing (axios formDataToJSON)", () =>
    Effect.gen(function* () {
      yield* Http.post("https://api.test/form", { form: { "__proto__[x]": "1", "constructor[prototype][y]": "2" } })
      const call = (yield* MockHttp.calls)[0]!
      expect(call.text).toBe("__proto__%5Bx%5D=1&constructor%5Bprototype%5D%5By%5D=2")
      expect(({} as Record<string, unknown>).x).toBeUndefined()
      expect(({} as Record<string, unknown>).y).toBeUndefined()
    }).pipe(Effect.provide(MockHttp.layer([MockHttp.post("/form", MockHttp.status(204))]))))


  it.effect("multipart and JSON keys like __proto__ are sent as they are and pollute nothing", () =>
    Effect.gen(function* () {
      yield* Http.post("https://api.test/form", { multipart: { "__proto__[x]": "1", "constructor[prototype][y]": "2" } })
      yield* Http.post("https://api.test/form", { json: JSON.parse("{\"__proto__\": {\"z\": 1}}") })
      const [multipart, json] = yield* MockHttp.calls
      expect(multipart!.text).toContain("name=\"__proto__[x]\"")
      expect(json!.text).toBe("{\"__proto__\":{\"z\":1}}")
      const empty = {} as Record<string, unknown>
      expect([empty.x, empty.y, empty.z]).toEqual([undefined, undefined, undefined])
    }).pipe(Effect.provide(MockHttp.layer([MockHttp.post("/form", MockHttp.status(204))]))))
})
