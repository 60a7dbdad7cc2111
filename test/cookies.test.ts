import { describe, expect, it } from "@effect/vitest"
import { Effect, Schema, TestClock } from "effect"
import { Http } from "effect-requests"
import { MockHttp, TestServer } from "effect-requests/testing"
import { eachTransport } from "./helpers.js"

const CookieEcho = Schema.Struct({ cookies: Schema.Record({ key: Schema.String, value: Schema.String }) })

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

const setting = (setCookie: ReadonlyArray<string>) =>
  MockHttp.layer([
    MockHttp.get("/set", MockHttp.status(204, { headers: { "set-cookie": setCookie } })),
    MockHttp.any("*", MockHttp.status(204))
  ])

const sentCookie = (url: string) =>
  Effect.flatMap(MockHttp.calls, (calls) => Effect.succeed(calls.filter((c) => c.url === url).at(-1)?.headers.cookie))

describe("cookie jar rules", () => {
  it.effect("two Set-Cookie lines whose Expires contain commas are two cookies (Node fetch joins them)", () =>
    Effect.gen(function* () {
      const session = Http.make({ cookies: true })
      yield* session.get("https://a.test/set")
      yield* session.get("https://a.test/next")
      expect(yield* sentCookie("https://a.test/next")).toBe("one=1; two=2")
    }).pipe(Effect.provide(setting([
      "one=1; Expires=Wed, 21 Oct 2099 07:28:00 GMT; Path=/",
      "two=2; Expires=Thu, 22 Oct 2099 07:28:00 GMT; Path=/"
    ]))))

  it.effect("a Domain the host does not belong to is refused; a valid parent domain reaches subdomains", () =>
    Effect.gen(function* () {
      const session = Http.make({ cookies: true })
      yield* session.get("https://www.a.test/set")
      yield* session.get("https://api.a.test/x")
      yield* session.get("https://www.a.test/x")
      expect(yield* sentCookie("https://api.a.test/x")).toBe("shared=1")
      expect(yield* sentCookie("https://www.a.test/x")).toBe("shared=1; host=1")
    }).pipe(Effect.provide(setting(["evil=1; Domain=b.test", "shared=1; Domain=.a.test", "host=1"]))))

  it.effect("a host-only cookie does not reach subdomains; Path scopes it", () =>
    Effect.gen(function* () {
      const session = Http.make({ cookies: true })
      yield* session.get("https://a.test/set")
      for (const url of ["https://sub.a.test/x", "https://a.test/api/v1", "https://a.test/other"]) yield* session.get(url)
      expect(yield* sentCookie("https://sub.a.test/x")).toBeUndefined()
      expect(yield* sentCookie("https://a.test/api/v1")).toBe("scoped=1; root=1")
      expect(yield* sentCookie("https://a.test/other")).toBe("root=1")
    }).pipe(Effect.provide(setting(["root=1; Path=/", "scoped=1; Path=/api"]))))

  it.effect("a Secure cookie is not sent over http, nor accepted from http", () =>
    Effect.gen(function* () {
      const session = Http.make({ cookies: true })
      yield* session.get("https://a.test/set")
      yield* session.get("http://a.test/plain")
      yield* session.get("https://a.test/tls")
      expect(yield* sentCookie("http://a.test/plain")).toBeUndefined()
      expect(yield* sentCookie("https://a.test/tls")).toBe("s=1")
      const insecure = Http.make({ cookies: true })
      yield* insecure.get("http://a.test/set")
      yield* insecure.get("https://a.test/after")
      expect(yield* sentCookie("https://a.test/after")).toBeUndefined()
    }).pipe(Effect.provide(setting(["s=1; Secure"]))))

  it.effect("Max-Age expires cookies in Effect's time", () =>
    Effect.gen(function* () {
      const session = Http.make({ cookies: true })
      yield* session.get("https://a.test/set")
      yield* session.get("https://a.test/early")
      yield* TestClock.adjust("11 seconds")
      yield* session.get("https://a.test/late")
      expect(yield* sentCookie("https://a.test/early")).toBe("short=1")
      expect(yield* sentCookie("https://a.test/late")).toBeUndefined()
    }).pipe(Effect.provide(setting(["short=1; Max-Age=10"]))))
})
