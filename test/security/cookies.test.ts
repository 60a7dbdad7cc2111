import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Http } from "effect-requests"
import { MockHttp } from "effect-requests/testing"
import { TestClock } from "#testline"

const setting = (setCookie: ReadonlyArray<string>) =>
  MockHttp.layer([
    MockHttp.get("/set", MockHttp.status(204, { headers: { "set-cookie": setCookie } })),
    MockHttp.any("*", MockHttp.status(204))
  ])

const sentCookie = (url: string) =>
  Effect.flatMap(MockHttp.calls, (calls) => Effect.succeed(calls.filter((c) => c.url === url).at(-1)?.headers.cookie))

describe("cookie scope (RFC 6265)", () => {
  it.effect("two Set-Cookie lines whose Expires contain commas are two cookies (Node fetch Headers.get joins them; getSetCookie is used)", () =>
    Effect.gen(function* () {
      const session = Http.make({ cookies: true })
      yield* session.get("https://a.test/set")
      yield* session.get("https://a.test/next")
      expect(yield* sentCookie("https://a.test/next")).toBe("one=1; two=2")
    }).pipe(Effect.provide(setting([
      "one=1; Expires=Wed, 21 Oct 2099 07:28:00 GMT; Path=/",
      "two=2; Expires=Thu, 22 Oct 2099 07:28:00 GMT; Path=/"
    ]))))

  it.effect("a Domain the host does not belong to is refused (no cookie planted for another site); a valid parent domain reaches subdomains", () =>
    Effect.gen(function* () {
      const session = Http.make({ cookies: true })
      yield* session.get("https://www.a.test/set")
      yield* session.get("https://api.a.test/x")
      yield* session.get("https://www.a.test/x")
      expect(yield* sentCookie("https://api.a.test/x")).toBe("shared=1")
      expect(yield* sentCookie("https://www.a.test/x")).toBe("shared=1; host=1")
    }).pipe(Effect.provide(setting(["evil=1; Domain=b.test", "shared=1; Domain=.a.test", "host=1"]))))

  it.effect("a host-only cookie does not reach subdomains; Path scopes it (aiohttp GHSA-2fqr-mr3j-6wp8: host-only stays host-only)", () =>
    Effect.gen(function* () {
      const session = Http.make({ cookies: true })
      yield* session.get("https://a.test/set")
      for (const url of ["https://sub.a.test/x", "https://a.test/api/v1", "https://a.test/other"]) yield* session.get(url)
      expect(yield* sentCookie("https://sub.a.test/x")).toBeUndefined()
      expect(yield* sentCookie("https://a.test/api/v1")).toBe("scoped=1; root=1")
      expect(yield* sentCookie("https://a.test/other")).toBe("root=1")
    }).pipe(Effect.provide(setting(["root=1; Path=/", "scoped=1; Path=/api"]))))

  it.effect("a Secure cookie is not sent over http, nor accepted from http (RFC 6265bis)", () =>
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

  it.effect("a Domain that is a public suffix (com, co.uk, github.io) is refused; the suffix host itself gets a host-only cookie", () =>
    Effect.gen(function* () {
      const session = Http.make({ cookies: true })
      yield* session.get("https://shop.example.co.uk/set")
      for (const url of ["https://other.co.uk/x", "https://evil.com/x", "https://a.github.io/x", "https://shop.example.co.uk/x"]) {
        yield* session.get(url)
      }
      expect(yield* sentCookie("https://other.co.uk/x")).toBeUndefined()
      expect(yield* sentCookie("https://evil.com/x")).toBeUndefined()
      expect(yield* sentCookie("https://a.github.io/x")).toBeUndefined()
      expect(yield* sentCookie("https://shop.example.co.uk/x")).toBe("site=1")
    }).pipe(Effect.provide(setting(["uk=1; Domain=co.uk", "com=1; Domain=com", "io=1; Domain=github.io", "site=1; Domain=example.co.uk"]))))

  it.effect("a Domain=com on a request to the host com itself is kept host-only (RFC 6265 §5.3)", () =>
    Effect.gen(function* () {
      const session = Http.make({ cookies: true })
      yield* session.get("https://com/set")
      yield* session.get("https://com/x")
      yield* session.get("https://a.com/x")
      expect(yield* sentCookie("https://com/x")).toBe("c=1")
      expect(yield* sentCookie("https://a.com/x")).toBeUndefined()
    }).pipe(Effect.provide(setting(["c=1; Domain=com"]))))

  it.effect("__Secure- and __Host- prefixes hold (RFC 6265bis): Secure over https, and __Host- without Domain and with Path=/", () =>
    Effect.gen(function* () {
      const secure = Http.make({ cookies: true })
      yield* secure.get("https://www.a.test/set")
      yield* secure.get("https://www.a.test/x")
      yield* secure.get("https://api.a.test/x")
      expect(yield* sentCookie("https://www.a.test/x")).toBe("__Secure-ok=1; __Host-ok=1")
      expect(yield* sentCookie("https://api.a.test/x")).toBe(undefined)
      const plain = Http.make({ cookies: true })
      yield* plain.get("http://www.a.test/set")
      yield* plain.get("http://www.a.test/after")
      expect(yield* sentCookie("http://www.a.test/after")).toBeUndefined()
    }).pipe(Effect.provide(setting([
      "__Secure-ok=1; Secure",
      "__Secure-bad=1",
      "__secure-lower=1",
      "__Host-ok=1; Secure; Path=/",
      "__Host-domain=1; Secure; Path=/; Domain=a.test",
      "__Host-path=1; Secure; Path=/app",
      "__Host-nopath=1; Secure",
      "__HOST-upper=1; Path=/"
    ]))))

  it.effect("the jar keeps at most 180 cookies per site, the newest, and 3000 in all", () =>
    Effect.gen(function* () {
      const session = Http.make({ cookies: true })
      for (let i = 0; i < 20; i++) {
        yield* session.get(`https://a.test/set?batch=${i}`)
        yield* TestClock.adjust("1 second")
      }
      yield* session.get("https://a.test/x")
      const sent = (yield* sentCookie("https://a.test/x"))!.split("; ")
      expect(sent).toHaveLength(180)
      expect(sent[0]).toBe(`c${20 * 600 - 180}=1`)
      expect(sent.at(-1)).toBe(`c${20 * 600 - 1}=1`)
      for (let site = 0; site < 20; site++) yield* session.get(`https://s${site}.test/set-many`)
      yield* session.get("https://s0.test/x")
      yield* session.get("https://s19.test/x")
      // 20 sites of 180 is 3600: the oldest sites' cookies went to keep 3000.
      expect(yield* sentCookie("https://s0.test/x")).toBeUndefined()
      expect((yield* sentCookie("https://s19.test/x"))!.split("; ")).toHaveLength(180)
    }).pipe(Effect.provide(MockHttp.layer([
      MockHttp.get("/set", (request) =>
        MockHttp.status(204, {
          headers: { "set-cookie": Array.from({ length: 600 }, (_, i) => `c${Number(request.query.batch) * 600 + i}=1; Path=/`) }
        })),
      MockHttp.get("/set-many", (request) =>
        MockHttp.status(204, {
          headers: { "set-cookie": Array.from({ length: 180 }, (_, i) => `${new URL(request.url).hostname.split(".")[0]}c${i}=1; Path=/`) }
        })),
      MockHttp.any("*", MockHttp.status(204))
    ]))))
})
