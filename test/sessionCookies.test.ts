import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Clock, Effect } from "effect"
import { Http } from "effect-requests"
import { TestServer } from "effect-requests/testing"
import { eachTransport } from "./helpers.js"
import { TestClock, memoryPersistence } from "#testline"
import { nodeFileSystem } from "#testnode"

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
      expect(cookie!.expires?.getTime()).toBe((yield* Clock.currentTimeMillis) + 60_000)
      yield* TestClock.adjust("59 seconds")
      expect((yield* timed.cookies.list).map((c) => c.name)).toEqual(["t"])
      // Gone at its expiry itself, as the jar's requests see it.
      yield* TestClock.adjust("1 second")
      expect(yield* timed.cookies.list).toEqual([])
      expect(yield* timed.cookies.get("https://a.test/", "t")).toBeUndefined()
    }))
})

describe("session.cookies.save and load", () => {
  const tmpFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), "jar-")), "cookies.json")
  const names = (cookies: ReadonlyArray<Http.JarCookie>) => cookies.map((c) => `${c.name}@${c.domain}${c.path}${c.secure ? " secure" : ""}${c.hostOnly ? "" : " +subdomains"}`)

  it.effect("a file round trip keeps each cookie's scope and expiry; session cookies only when asked; the file is the owner's alone", () =>
    Effect.gen(function* () {
      const t0 = yield* Clock.currentTimeMillis
      const first = Http.make({ cookies: true })
      yield* first.cookies.set("https://a.test/app/", "sid=1; Path=/app; Secure; Max-Age=3600")
      yield* first.cookies.set("https://a.test/", "wide=2; Domain=a.test; Path=/; Max-Age=60")
      yield* first.cookies.set("https://a.test/", "session=3; Path=/")
      const file = tmpFile()
      expect(yield* first.cookies.save({ file })).toBe(2)
      expect(fs.statSync(file).mode & 0o777).toBe(0o600)

      const second = Http.make({ cookies: true })
      expect(yield* second.cookies.load({ file })).toBe(2)
      expect(names(yield* second.cookies.list)).toEqual(["sid@a.test/app secure", "wide@a.test/ +subdomains"])
      expect((yield* second.cookies.list).map((c) => c.expires?.getTime())).toEqual([t0 + 3_600_000, t0 + 60_000])
      expect(yield* second.cookies.get("https://a.test/app/x", "sid")).toBe("1")
      expect(yield* second.cookies.get("http://a.test/app/x", "sid")).toBeUndefined()

      // Saved again over the same file, session cookies included, it stays private.
      fs.chmodSync(file, 0o644)
      expect(yield* first.cookies.save({ file, includeSessionCookies: true })).toBe(3)
      expect(fs.statSync(file).mode & 0o777).toBe(0o600)
      // Loaded after its expiry, a cookie is gone.
      yield* TestClock.adjust("2 minutes")
      const third = Http.make({ cookies: true })
      expect(yield* third.cookies.load({ file })).toBe(2)
      expect((yield* third.cookies.list).map((c) => c.name)).toEqual(["sid", "session"])
    }).pipe(Effect.provide(nodeFileSystem)))

  it.effect("a file edited by hand is held to the jar's rules: a public suffix is no Domain, __Host- without Secure and an injected attribute are skipped", () =>
    Effect.gen(function* () {
      const file = tmpFile()
      const cookie = (fields: Record<string, unknown>) => ({ name: "x", value: "1", domain: "a.test", hostOnly: true, path: "/", secure: false, expires: null, ...fields })
      fs.writeFileSync(file, JSON.stringify({
        format: "effect-requests/cookies",
        version: 1,
        cookies: [
          cookie({ name: "ok" }),
          cookie({ name: "suffix", domain: "com", hostOnly: false }),
          cookie({ name: "__Host-h", secure: false }),
          cookie({ name: "inject", value: "1; Domain=a.test" }),
          cookie({ name: "old", expires: -1 }),
          "not a cookie"
        ]
      }))
      const jar = Http.make({ cookies: true })
      expect(yield* jar.cookies.load({ file })).toBe(2)
      // "com" as a Domain widens nothing: as from a server, the host "com" alone gets it.
      expect(names(yield* jar.cookies.list)).toEqual(["ok@a.test/", "suffix@com/"])
    }).pipe(Effect.provide(nodeFileSystem)))

  it.effect("a file that is no saved jar is an InvalidRequest; a missing file the file system's error", () =>
    Effect.gen(function* () {
      const file = tmpFile()
      fs.writeFileSync(file, "{\"cookies\": []}")
      const jar = Http.make({ cookies: true })
      const wrong = yield* Effect.flip(jar.cookies.load({ file }))
      expect(wrong._tag === "InvalidRequest" && wrong.reason).toBe("not a saved cookie jar")
      fs.writeFileSync(file, "sid=1")
      expect((yield* Effect.flip(jar.cookies.load({ file })))._tag).toBe("InvalidRequest")
      expect((yield* Effect.flip(jar.cookies.load({ file: `${file}.missing` })))._tag).not.toBe("InvalidRequest")
    }).pipe(Effect.provide(nodeFileSystem)))

  it.effect("a Persistence store round trip, another session loading what one saved; without the layer a typed error", () =>
    Effect.gen(function* () {
      const first = Http.make({ cookies: true })
      yield* first.cookies.set("https://a.test/", "sid=1; Max-Age=600")
      const roundTrip = Effect.gen(function* () {
        expect(yield* first.cookies.save({ store: "persistence", key: "alice" })).toBe(1)
        const second = Http.make({ cookies: true })
        expect(yield* second.cookies.load({ store: "persistence", key: "bob" })).toBe(0)
        expect(yield* second.cookies.load({ store: "persistence", key: "alice" })).toBe(1)
        return yield* second.cookies.get("https://a.test/", "sid")
      })
      expect(yield* roundTrip.pipe(Effect.provide(memoryPersistence))).toBe("1")
      const missing = yield* Effect.flip(first.cookies.save({ store: "persistence" }))
      expect(missing.message).toContain("BackingPersistence")
      expect(missing.message).not.toContain("sid=1")
    }))
})
