import { expect, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { Http } from "effect-requests"
import { TestServer } from "effect-requests/testing"
import { eachTransport } from "./helpers.js"
import { recordOf } from "#testline"

const CookieEcho = Schema.Struct({ cookies: recordOf(Schema.String) })

eachTransport((e2e, transport) => {
  it.layer(e2e)(`cookie jar against the loopback httpbin [${transport}]`, (it) => {
    it.scoped("cookies set by a response are sent on the next requests, and not to another host", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const session = Http.make({ cookies: true, allowAbsoluteUrls: true })
        // /cookies/set answers with Set-Cookie and a redirect to /cookies: the jar works within the chain.
        const first = yield* session.get(`${base}/cookies/set?sid=abc&theme=dark`).pipe(Http.decode(CookieEcho))
        expect(first.cookies).toEqual({ sid: "abc", theme: "dark" })
        const later = yield* session.get(`${base}/cookies`).pipe(Http.decode(CookieEcho))
        expect(later.cookies).toEqual({ sid: "abc", theme: "dark" })
        // Another host name for another server: nothing of the jar goes there.
        const other = yield* TestServer.make()
        const elsewhere = yield* session.get(other.url.replace("127.0.0.1", "localhost") + "/cookies").pipe(Http.decode(CookieEcho))
        expect(elsewhere.cookies).toEqual({})
        // A session without a jar sends nothing.
        const plain = yield* Http.get(`${base}/cookies`).pipe(Http.decode(CookieEcho))
        expect(plain.cookies).toEqual({})
      }))

    it.effect("cookies/delete removes them", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const session = Http.make({ cookies: true, baseUrl: `${base}/` })
        yield* session.get("cookies/set?a=1&b=2")
        const after = yield* session.get("cookies/delete?a").pipe(Http.decode(CookieEcho))
        expect(after.cookies).toEqual({ b: "2" })
      }))
  })
})
