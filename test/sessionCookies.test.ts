import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Http } from "effect-requests"
import { TestServer } from "effect-requests/testing"
import { eachTransport } from "./helpers.js"
import { TestClock } from "#testline"

const sent = (api: Http.Session) =>
  Effect.flatMap(api.get("/cookies"), (res) => Effect.map(res.json, (body) => (body as { cookies: Record<string, string> }).cookies))

eachTransport((e2e, transport) => {
  it.layer(e2e)(`session.cookies [${transport}]`, (it) => {
    it.effect("lists and gets what responses set; what is seeded is sent, only where a server could have set it", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const api = Http.make({ baseUrl: base, cookies: true })
        yield* api.get("/cookies/set?a=1&b=2")
        // Set again, a cookie keeps its place: the list is oldest first.
        yield* api.get("/cookies/set?a=3")
        const listed = yield* api.cookies.list
        expect(listed.map((c) => [c.name, c.value, c.domain, c.hostOnly, c.path, c.secure, c.expires])).toEqual([
          ["a", "3", "127.0.0.1", true, "/", false, undefined],
          ["b", "2", "127.0.0.1", true, "/", false, undefined]
        ])
        expect(yield* api.cookies.get(`${base}/anything`, "a")).toBe("3")
        expect(yield* api.cookies.get(`${base}/anything`, "nope")).toBeUndefined()

        yield* api.cookies.set(base, "seed=xyz; Path=/")
        // Seeded for another host: kept for it, never sent here.
        yield* api.cookies.set("http://other.test/", "elsewhere=1")
        expect(yield* sent(api)).toEqual({ a: "3", b: "2", seed: "xyz" })
        expect(yield* api.cookies.get("http://other.test/x", "elsewhere")).toBe("1")
      }))

    it.effect("delete and clear take cookies out of the next request", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const api = Http.make({ baseUrl: base, cookies: true })
        yield* api.get("/cookies/set?a=1&b=2")
        expect(yield* api.cookies.delete("a")).toBe(1)
        expect(yield* api.cookies.delete("b", { path: "/elsewhere" })).toBe(0)
        expect(yield* sent(api)).toEqual({ b: "2" })
        yield* api.cookies.set(base, "b=; Max-Age=0")
        expect(yield* sent(api)).toEqual({})
        yield* api.cookies.set(base, "c=3")
        yield* api.cookies.clear
        expect(yield* api.cookies.list).toEqual([])
        expect(yield* sent(api)).toEqual({})
      }))
  })
})

describe("session.cookies refuses what a server could not set", () => {
  const api = Http.make({ cookies: true })
  const refusal = (url: string, cookie: string) => Effect.map(Effect.flip(api.cookies.set(url, cookie)), (error) => error._tag)

  it.effect("another Domain, Secure over http, a broken prefix, no cookie at all, a bad URL: each a typed error, the jar unchanged", () =>
    Effect.gen(function* () {
      expect(yield* refusal("http://a.test/", "x=1; Domain=evil.test")).toBe("InvalidRequest")
      expect(yield* refusal("http://a.test/", "x=1; Secure")).toBe("InvalidRequest")
      expect(yield* refusal("https://a.test/", "__Host-x=1; Secure; Path=/; Domain=a.test")).toBe("InvalidRequest")
      expect(yield* refusal("https://a.test/", "no cookie here")).toBe("InvalidRequest")
      expect(yield* refusal("file:///etc/passwd", "x=1")).toBe("InvalidUrl")
      expect(yield* api.cookies.list).toEqual([])
      // The message names the URL and the rule, never the cookie's value.
      const error = yield* Effect.flip(api.cookies.set("http://a.test/", "sid=s3cr3t; Secure"))
      expect(error.message).toContain("Secure over http")
      expect(error.message).not.toContain("s3cr3t")
      yield* api.cookies.set("https://a.test/", "__Host-ok=1; Secure; Path=/")
      expect((yield* api.cookies.list).map((c) => c.name)).toEqual(["__Host-ok"])
    }))

  it.effect("a session without a jar has no cookies to read and none to seed", () =>
    Effect.gen(function* () {
      const bare = Http.make({})
      expect(yield* bare.cookies.list).toEqual([])
      expect(yield* bare.cookies.get("http://a.test/", "x")).toBeUndefined()
      const error = yield* Effect.flip(bare.cookies.set("http://a.test/", "x=1"))
      expect(error.message).toContain("cookies: true")
    }))

  it.effect("a seeded cookie keeps its expiry on Effect's Clock", () =>
    Effect.gen(function* () {
      const timed = Http.make({ cookies: true })
      yield* timed.cookies.set("https://a.test/", "t=1; Max-Age=60")
      const [cookie] = yield* timed.cookies.list
      expect(cookie!.expires?.getTime()).toBe(60_000)
      yield* TestClock.adjust("59 seconds")
      expect((yield* timed.cookies.list).map((c) => c.name)).toEqual(["t"])
      // Gone at its expiry itself, as the jar's requests see it.
      yield* TestClock.adjust("1 second")
      expect(yield* timed.cookies.list).toEqual([])
      expect(yield* timed.cookies.get("https://a.test/", "t")).toBeUndefined()
    }))
})
