import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { Http } from "effect-requests"
import { MockHttp } from "effect-requests/testing"

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
})
