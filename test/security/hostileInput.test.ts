import { describe, expect, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { Http, Retry } from "effect-requests"
import { MockHttp, TestServer } from "effect-requests/testing"
import { eachTransport } from "../helpers.js"
import { rawServer } from "./fixtures.js"
import { recordOf } from "#testline"

interface Tree {
  readonly a?: Tree | undefined
  readonly leaf?: string | undefined
}
const Tree: Schema.Schema<Tree> = Schema.Struct({
  a: Schema.optional(Schema.suspend((): Schema.Schema<Tree> => Tree)),
  leaf: Schema.optional(Schema.String)
})

const deepJson = (depth: number) => `${"{\"a\":".repeat(depth)}{"leaf":"x"}${"}".repeat(depth)}`

const Flags = recordOf(Schema.Unknown)

describe("hostile input on the request side", () => {
  it.effect("a password in a URL that does not parse never reaches the message, the fields or toJSON", () =>
    Effect.gen(function* () {
      const urls = [
        "http://user:abc/SECRET@127.0.0.1:1/",
        "http://user:ab?SECRET@127.0.0.1:1/",
        "http://user:ab#SECRET@127.0.0.1:1/",
        // Stripped at the ends (WHATWG), a space or control within still refuses the URL.
        " http://us\ter:SECRET@127.0.0.1:1/ ",
        "\thttp://user:SECRET@127.0.0.1:1/a\nb",
        "http:user:SECRET@h:x/",
        "http:\\\\user:SECRET@h:x/"
      ]
      for (const url of urls) {
        const err = yield* Http.get(url).pipe(Effect.flip)
        expect(["InvalidUrl", "InvalidRequest"]).toContain(err._tag)
        expect(err.message).not.toContain("SECRET")
        expect(JSON.stringify(err)).not.toContain("SECRET")
        expect(String(err)).not.toContain("SECRET")
      }
      expect(yield* MockHttp.calls).toEqual([])
    }).pipe(Effect.provide(MockHttp.layer([]))))

  it.effect("JSON nested 10,000 deep, decoded with a recursive schema, is a DecodeError, not a stack overflow", () =>
    Effect.gen(function* () {
      const err = yield* Http.get("https://api.test/deep").pipe(Http.decode(Tree), Effect.flip)
      expect(err).toMatchObject({ _tag: "DecodeError", issue: { message: "value is nested too deeply to decode" } })
      const shallow = yield* Http.get("https://api.test/shallow").pipe(Http.decode(Tree))
      expect(shallow.a?.a?.leaf).toBe("x")
    }).pipe(Effect.provide(MockHttp.layer([
      MockHttp.get("/deep", MockHttp.text(deepJson(10_000), { headers: { "content-type": "application/json" } })),
      MockHttp.get("/shallow", MockHttp.text(deepJson(2)))
    ]))))

  it.effect("a __proto__ key in a body (plain or \\u-escaped) never becomes the prototype of a decoded value", () =>
    Effect.gen(function* () {
      for (const path of ["/plain", "/escaped"]) {
        const value = yield* Http.get(`https://api.test${path}`).pipe(Http.decode(Flags))
        expect(Object.getPrototypeOf(value)).toBe(Object.prototype)
        expect((value as { isAdmin?: unknown }).isAdmin).toBeUndefined()
        expect(value.a).toBe("1")
        const json = (yield* Effect.flatMap(Http.get(`https://api.test${path}`), (res) => res.json)) as Record<string, unknown>
        expect(Object.keys(json)).toEqual(["a"])
      }
      const err = yield* Http.get("https://api.test/error", { retry: Retry.none }).pipe(Http.errorBody(Flags), Effect.flip)
      expect(err._tag).toBe("StatusError")
      const data = (err as { data?: Record<string, unknown> }).data!
      expect(Object.getPrototypeOf(data)).toBe(Object.prototype)
      expect((data as { isAdmin?: unknown }).isAdmin).toBeUndefined()
      expect(({} as { isAdmin?: unknown }).isAdmin).toBeUndefined()
    }).pipe(Effect.provide(MockHttp.layer([
      MockHttp.get("/plain", MockHttp.text(`{"__proto__": {"isAdmin": true}, "a": "1"}`)),
      MockHttp.get("/escaped", MockHttp.text(`{"\\u005f_proto__": {"isAdmin": true}, "a": "1"}`)),
      MockHttp.get("/error", MockHttp.text(`{"__proto__": {"isAdmin": true}, "a": "1"}`, { status: 422 }))
    ]))))
})

eachTransport((e2e, transport) => {
  it.layer(e2e)(`hostile input on the request side [${transport}]`, (it) => {
    it.scoped("a header value with a character above U+00FF or a control is an InvalidRequest before anything is sent, never retried", () =>
      Effect.gen(function* () {
        const raw = yield* rawServer
        for (const value of ["caf\u0100", "a\u0001b", "emoji \u{1F600}", "del\u007f"]) {
          const err = yield* Http.get(`${raw.url}/x`, { headers: { "x-value": value } }).pipe(Effect.flip)
          expect(err).toMatchObject({ _tag: "InvalidRequest" })
          expect(err.attempts ?? 1).toBe(1)
        }
        expect(raw.connections()).toBe(0)
      }))

    it.effect("obs-text (U+0080–U+00FF) and tabs stay allowed in a header value", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const res = yield* Http.get(`${base}/headers`, { headers: { "x-value": "caf\u00e9\tok" } })
        expect(res.status).toBe(200)
      }))

    it.effect("a timeout past the runtime's longest timer (25 days) is honoured, not an immediate TimeoutError", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const res = yield* Http.get(`${base}/get`, { timeout: "25 days" })
        expect(res.status).toBe(200)
        expect(yield* res.json).toMatchObject({ url: `${base}/get` })
      }))
  })
})
