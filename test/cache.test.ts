import { expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Auth, Http, Retry } from "effect-requests"
import { TestServer } from "effect-requests/testing"
import { eachTransport } from "./helpers.js"
import { TestClock } from "#testline"

// Retries off: a backoff would wait on the TestClock that these tests move by hand.
const cached = () => Http.make({ cache: true, retry: Retry.none, retryBudget: false })

/** /response-headers answering with these headers (and echoing them as JSON). */
const withHeaders = (base: string, headers: Record<string, string>) =>
  `${base}/response-headers?${new URLSearchParams(headers).toString()}`

const hits = (path: string) => Effect.map(TestServer.received, (all) => all.filter((r) => r.path === path).length)

/** A response whose body has been read: a response is stored once its reader reads it to its end. */
const read = <E, R>(request: Effect.Effect<Http.Response, E, R>) => Effect.tap(request, (res) => res.text)

const statuses = (session: Http.Session, url: string, n: number, options?: Http.Options) =>
  Effect.forEach(Array.from({ length: n }), () => Effect.map(read(session.get(url, options)), (res) => res.cache))

eachTransport((e2e, transport) => {
  it.layer(e2e)(`HTTP cache (RFC 9111) [${transport}]`, (it) => {
    it.effect("max-age: a fresh response is a hit without a request; past it, fetched again", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const api = cached()
        const before = yield* hits("/cache/60")
        expect(yield* statuses(api, `${base}/cache/60`, 3)).toEqual(["miss", "hit", "hit"])
        const res = yield* api.get(`${base}/cache/60`)
        expect(yield* res.json).toMatchObject({ url: `${base}/cache/60` })
        expect(Number(res.headers.get("age"))).toBe(0)
        expect((yield* hits("/cache/60")) - before).toBe(1)
        yield* TestClock.adjust("61 seconds")
        expect(yield* statuses(api, `${base}/cache/60`, 2)).toEqual(["miss", "hit"])
        expect((yield* hits("/cache/60")) - before).toBe(2)
      }))

    it.effect("an ETag is revalidated with If-None-Match; the 304 serves the stored body", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const api = cached()
        const first = yield* api.get(`${base}/etag/v1`)
        const body = yield* first.text
        const second = yield* api.get(`${base}/etag/v1`)
        expect([first.cache, second.cache]).toEqual(["miss", "revalidated"])
        expect(second.status).toBe(200)
        expect(yield* second.text).toBe(body)
        expect(second.headers.get("etag")).toBe("\"v1\"")
        const seen = (yield* TestServer.received).filter((r) => r.path === "/etag/v1")
        expect(seen.map((r) => r.headers["if-none-match"])).toEqual([undefined, "\"v1\""])
      }))

    it.effect("Last-Modified is revalidated with If-Modified-Since", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const api = cached()
        const modified = new Date(Date.now() - 1000).toUTCString()
        const url = withHeaders(base, { "last-modified": modified, "cache-control": "no-cache" })
        expect(yield* statuses(api, url, 2)).toEqual(["miss", "miss"])
        // The route ignores validators; /cache answers them with 304.
        expect(yield* statuses(api, `${base}/cache`, 2)).toEqual(["miss", "revalidated"])
        const seen = (yield* TestServer.received).filter((r) => r.path === "/cache")
        expect(seen[1]!.headers["if-modified-since"]).toBeDefined()
      }))

    it.effect("no-store is never stored; no-cache is stored but revalidated every time", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const api = cached()
        const noStore = withHeaders(base, { "cache-control": "max-age=60, no-store" })
        expect(yield* statuses(api, noStore, 2)).toEqual(["miss", "miss"])
        // max-age would make it fresh; no-cache still sends every use to the server first.
        const noCache = withHeaders(base, { "cache-control": "max-age=60, no-cache", etag: "\"nc\"" })
        expect(yield* statuses(api, noCache, 3)).toEqual(["miss", "miss", "miss"])
        const path = new URL(noCache).pathname + new URL(noCache).search
        const seen = (yield* TestServer.received).filter((r) => r.path === path)
        expect(seen.map((r) => r.headers["if-none-match"])).toEqual([undefined, "\"nc\"", "\"nc\""])
        // A request's own no-store bypasses the cache.
        yield* read(api.get(`${base}/cache/60`))
        const bypass = yield* api.get(`${base}/cache/60`, { headers: { "cache-control": "no-store" } })
        expect(bypass.cache).toBeUndefined()
      }))

    it.effect("Vary keeps one variant per value of the headers it names", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const api = cached()
        const url = withHeaders(base, { "cache-control": "max-age=60", vary: "Accept-Language" })
        const get = (lang: string) => Effect.map(read(api.get(url, { headers: { "accept-language": lang } })), (r) => r.cache)
        expect([yield* get("en"), yield* get("en"), yield* get("fr"), yield* get("en"), yield* get("fr")]).toEqual(
          ["miss", "hit", "miss", "hit", "hit"]
        )
        const star = withHeaders(base, { "cache-control": "max-age=60", vary: "*" })
        expect(yield* statuses(api, star, 2)).toEqual(["miss", "miss"])
      }))

    it.effect("a successful POST, PUT or DELETE invalidates the URL", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const api = cached()
        const url = withHeaders(base, { "cache-control": "max-age=60" })
        expect(yield* statuses(api, url, 2)).toEqual(["miss", "hit"])
        yield* api.post(url, { json: {} })
        expect(yield* statuses(api, url, 2)).toEqual(["miss", "hit"])
        yield* api.del(url)
        expect(yield* statuses(api, url, 1)).toEqual(["miss"])
      }))

    it.effect("private is stored (this is a private cache); s-maxage alone gives no freshness here", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const api = cached()
        expect(yield* statuses(api, withHeaders(base, { "cache-control": "private, max-age=60" }), 2)).toEqual(["miss", "hit"])
        expect(yield* statuses(api, withHeaders(base, { "cache-control": "s-maxage=60" }), 2)).toEqual(["miss", "miss"])
        expect(yield* statuses(api, withHeaders(base, { "cache-control": "max-age=0, s-maxage=60" }), 2)).toEqual(["miss", "miss"])
      }))

    it.effect("with Authorization, stored only when the response allows sharing (public)", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const api = cached()
        const auth = { auth: Auth.bearer("t") }
        expect(yield* statuses(api, withHeaders(base, { "cache-control": "max-age=60" }), 2, auth)).toEqual(["miss", "miss"])
        expect(yield* statuses(api, `${base}/cache/60`, 2, auth)).toEqual(["miss", "hit"])
      }))

    it.effect("Expires, Age and the Last-Modified heuristic set the lifetime", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const api = cached()
        const expires = withHeaders(base, { expires: new Date(Date.now() + 60_000).toUTCString() })
        expect(yield* statuses(api, expires, 2)).toEqual(["miss", "hit"])
        const expired = withHeaders(base, { expires: "Thu, 01 Jan 1970 00:00:00 GMT" })
        expect(yield* statuses(api, expired, 2)).toEqual(["miss", "miss"])
        // Age: 55 of max-age 60 leaves 5 seconds.
        const aged = withHeaders(base, { "cache-control": "max-age=60", age: "55" })
        expect(yield* statuses(api, aged, 2)).toEqual(["miss", "hit"])
        yield* TestClock.adjust("6 seconds")
        expect(yield* statuses(api, aged, 1)).toEqual(["miss"])
        // Modified 10 days ago: fresh for a tenth of that, one day.
        const heuristic = withHeaders(base, { "last-modified": new Date(Date.now() - 10 * 86_400_000).toUTCString() })
        expect(yield* statuses(api, heuristic, 2)).toEqual(["miss", "hit"])
        yield* TestClock.adjust("25 hours")
        expect(yield* statuses(api, heuristic, 1)).toEqual(["miss"])
      }))

    it.effect("a reload (request no-cache) revalidates, unless the response is immutable and fresh", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const api = cached()
        const reload = { headers: { "cache-control": "no-cache" } }
        const plain = withHeaders(base, { "cache-control": "max-age=60" })
        yield* read(api.get(plain))
        expect((yield* api.get(plain, reload)).cache).toBe("miss")
        const immutable = withHeaders(base, { "cache-control": "max-age=60, immutable" })
        yield* read(api.get(immutable))
        expect((yield* api.get(immutable, reload)).cache).toBe("hit")
      }))

    it.effect("an Age that is not one non-negative integer makes the response stale; Connection-listed fields are not stored", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const api = cached()
        for (const age of ["abc", "-1", "1.5", "0, 0"]) {
          expect(yield* statuses(api, withHeaders(base, { "cache-control": "max-age=3600", age }), 2), age).toEqual(["miss", "miss"])
        }
        const listed = withHeaders(base, { "cache-control": "max-age=60", connection: "x-private", "x-private": "1", "x-kept": "2" })
        yield* read(api.get(listed))
        const hit = yield* api.get(listed)
        expect(hit.cache).toBe("hit")
        expect(hit.headers.get("x-private")).toBeUndefined()
        expect(hit.headers.get("x-kept")).toBe("2")
      }))

    it.effect("the caller's own If-None-Match on a fresh entry is answered 304 by the cache (when 304 is accepted)", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const api = cached()
        const url = withHeaders(base, { "cache-control": "max-age=60", etag: "\"e1\"" })
        yield* read(api.get(url))
        const conditional = yield* api.get(url, { headers: { "if-none-match": "W/\"e1\"" }, validateStatus: (s) => s < 400 })
        expect([conditional.status, conditional.cache, conditional.headers.get("etag")]).toEqual([304, "hit", "\"e1\""])
        // With the default validateStatus a 304 would be an error: the stored 200 is served instead.
        const plain = yield* api.get(url, { headers: { "if-none-match": "\"e1\"" } })
        expect([plain.status, plain.cache]).toEqual([200, "hit"])
      }))

    it.effect("request directives: max-age and min-fresh ask for fresher, max-stale accepts staler, only-if-cached never goes out", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const api = cached()
        const url = withHeaders(base, { "cache-control": "max-age=60" })
        const path = new URL(url).pathname + new URL(url).search
        const asking = (cc: string) => Effect.map(read(api.get(url, { headers: { "cache-control": cc } })), (r) => [r.status, r.cache])
        yield* read(api.get(url))
        yield* TestClock.adjust("30 seconds")
        expect(yield* asking("max-age=40")).toEqual([200, "hit"])
        expect(yield* asking("max-age=10")).toEqual([200, "miss"])
        yield* TestClock.adjust("30 seconds")
        expect(yield* asking("min-fresh=50")).toEqual([200, "miss"])
        yield* TestClock.adjust("70 seconds")
        expect(yield* asking("max-stale=60")).toEqual([200, "stale"])
        expect(yield* asking("max-stale=1")).toEqual([200, "miss"])
        const before = yield* hits(path)
        yield* TestClock.adjust("70 seconds")
        // Nothing usable stored: a 504, an error by default like any 5xx.
        const err = yield* api.get(url, { headers: { "cache-control": "only-if-cached" } }).pipe(Effect.flip)
        expect(err).toMatchObject({ _tag: "StatusError", status: 504 })
        const unknown = yield* api.get(`${base}/cache/5?never-fetched`, { headers: { "cache-control": "only-if-cached" }, validateStatus: () => true })
        expect(unknown.status).toBe(504)
        expect((yield* hits(path)) - before).toBe(0)
        expect(yield* hits("/cache/5?never-fetched")).toBe(0)
      }))

    it.effect("HEAD is answered from a stored GET, without a body", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const api = cached()
        const before = yield* hits("/cache/60")
        yield* read(api.get(`${base}/cache/60`))
        const head = yield* api.head(`${base}/cache/60`)
        expect(head.cache).toBe("hit")
        expect(yield* head.text).toBe("")
        expect((yield* hits("/cache/60")) - before).toBe(1)
      }))

    it.effect("stale-while-revalidate serves the stored response at once and refreshes it behind", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const api = cached()
        const url = withHeaders(base, { "cache-control": "max-age=1, stale-while-revalidate=60" })
        const path = new URL(url).pathname + new URL(url).search
        yield* read(api.get(url))
        yield* TestClock.adjust("2 seconds")
        expect((yield* api.get(url)).cache).toBe("stale")
        // The refresh runs in the background over real HTTP: wait for it (bounded).
        for (let i = 0; i < 500 && (yield* hits(path)) < 2; i++) yield* Effect.promise(() => new Promise((r) => setTimeout(r, 10)))
        expect(yield* hits(path)).toBe(2)
        for (let i = 0; i < 500 && (yield* api.get(url)).cache !== "hit"; i++) yield* Effect.promise(() => new Promise((r) => setTimeout(r, 10)))
        expect((yield* api.get(url)).cache).toBe("hit")
      }))
  })
})

eachTransport((e2e, transport) => {
  it.layer(e2e)(`HTTP cache when the origin fails [${transport}]`, (it) => {
    it.effect("stale-if-error serves the stored response when the server is gone, unless must-revalidate", () =>
      Effect.gen(function* () {
        const api = cached()
        // A server that lives only for the first requests.
        const [tolerant, strict] = yield* Effect.scoped(Effect.gen(function* () {
          const origin = yield* TestServer.make()
          const tolerant = withHeaders(origin.url, { "cache-control": "max-age=1, stale-if-error=60" })
          const strict = withHeaders(origin.url, { "cache-control": "max-age=1, stale-if-error=60, must-revalidate" })
          yield* read(api.get(tolerant))
          yield* read(api.get(strict))
          return [tolerant, strict] as const
        }))
        yield* TestClock.adjust("2 seconds")
        const served = yield* api.get(tolerant)
        expect(served.cache).toBe("stale")
        expect(yield* served.json).toMatchObject({ "cache-control": "max-age=1, stale-if-error=60" })
        const err = yield* api.get(strict).pipe(Effect.flip)
        expect(err._tag).toBe("ConnectionError")
        yield* TestClock.adjust("2 minutes")
        expect((yield* api.get(tolerant).pipe(Effect.flip))._tag).toBe("ConnectionError")
      }))
  })
})
