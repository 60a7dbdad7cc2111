/**
 * What a requests user expects (#30): the rows of requests' own suite that
 * failed here, each over both transports against the loopback httpbin.
 */
import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Fiber } from "effect"
import { Http, Retry } from "effect-requests"
import { MockHttp, TestServer } from "effect-requests/testing"
import { eachTransport, httpServer } from "./helpers.js"
import { TestClock, fork, toEither } from "#testline"

const argsOf = (res: Http.Response) => Effect.map(res.json, (body) => (body as { args: unknown }).args)
const headersOf = (res: Http.Response) => Effect.map(res.json, (body) => (body as { headers: Record<string, string> }).headers)

eachTransport((e2e, transport) => {
  it.layer(e2e)(`requests parity [${transport}]`, (it) => {
    it.effect("res.history holds each redirect's URL, status and headers, oldest first; printed, secrets are redacted", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const res = yield* Http.get(`${base}/cookies/set?session=s3cr3t-cookie`, { params: { access_token: "s3cr3t-token" } })
        expect(res.url).toBe(`${base}/cookies`)
        expect(res.history.map((hop) => [hop.status, hop.url])).toEqual([
          [302, `${base}/cookies/set?session=s3cr3t-cookie&access_token=s3cr3t-token`]
        ])
        expect(res.history[0]!.statusText).toBe("Found")
        expect(res.history[0]!.headers.get("Location")).toBe("/cookies")
        expect(res.history[0]!.headers.get("set-cookie")).toContain("session=s3cr3t-cookie")
        expect(Duration.isDuration(res.history[0]!.elapsed)).toBe(true)
        const printed = JSON.stringify(res)
        expect(printed).toContain("\"history\"")
        expect(printed).toContain("/cookies/set")
        expect(printed).not.toContain("s3cr3t")

        const chain = yield* Http.get(`${base}/redirect/3`)
        expect(chain.history.map((hop) => hop.url)).toEqual([`${base}/redirect/3`, `${base}/relative-redirect/2`, `${base}/relative-redirect/1`])
        expect(chain.redirects).toEqual([`${base}/relative-redirect/2`, `${base}/relative-redirect/1`, `${base}/get`])
        expect((yield* Http.get(`${base}/get`)).history).toEqual([])
      }))

    it.effect("a fragment is kept through a redirect whose Location has none, and replaced by one that has", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const kept = yield* Http.get(`${base}/redirect-to?url=/get#view=edit`)
        expect(kept.url).toBe(`${base}/get#view=edit`)
        // Location: /redirect-to?url=/anything#sec, then Location: /anything.
        const updated = yield* Http.get(`${base}/redirect-to?url=${encodeURIComponent("/redirect-to?url=/anything#sec")}#first`)
        expect(updated.url).toBe(`${base}/anything#sec`)
      }))

    it.effect("params with null or undefined values are dropped, in a list too", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const res = yield* Http.get(`${base}/get`, { params: { a: null, b: "1", c: [null, "2", undefined], d: undefined } })
        expect(yield* argsOf(res)).toEqual({ b: "1", c: "2" })
        const api = Http.make({ baseUrl: base, params: { keep: "k", gone: "g" } })
        expect(yield* argsOf(yield* api.get("/get", { params: { gone: null } }))).toEqual({ keep: "k" })
      }))

    it.effect("a header set to undefined is not sent: User-Agent, and Accept-Encoding asks for no compression", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const api = Http.make({ baseUrl: base, headers: { "Accept-Encoding": undefined, "User-Agent": undefined } })
        const headers = yield* headersOf(yield* api.get("/headers"))
        expect(headers["Accept-Encoding"]).toBe("identity")
        // Over fetch the runtime adds a User-Agent of its own; ours is gone either way.
        if (transport === "node") expect(headers["User-Agent"]).toBeUndefined()
        else expect(headers["User-Agent"]).not.toMatch(/effect-requests/)
        const gzipped = yield* api.get("/gzip", { headers: { "Accept-Encoding": "gzip" } })
        expect(((yield* gzipped.json) as { gzipped: boolean }).gzipped).toBe(true)
      }))

    it.effect("several Set-Cookie headers all reach res.headers and res.cookies", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const res = yield* Http.get(`${base}/cookies/set?a=1&b=2`, { redirects: false })
        expect(res.status).toBe(302)
        expect(res.headers.get("set-cookie")).toBe("a=1; Path=/, b=2; Path=/")
        expect(res.cookies).toEqual({ a: "1", b: "2" })
      }))

    it.scoped("statusText is the reason phrase the server sent, read as UTF-8", () =>
      Effect.gen(function* () {
        const phrase = "Komponenttia ei löydy"
        const server = yield* httpServer((_req, res) => {
          // The phrase's UTF-8 bytes, written one byte per character.
          res.writeHead(500, Buffer.from(phrase).toString("latin1"))
          res.end()
        })
        const res = yield* Http.get(`${server.url}/`, { validateStatus: () => true })
        expect(res.status).toBe(500)
        expect(res.statusText).toBe(phrase)
        const refused = yield* Effect.flip(Http.get(`${server.url}/`, { retry: Retry.none }))
        expect(refused._tag === "StatusError" && refused.statusText).toBe(phrase)
      }))

    it.effect("a Host header is sent by NodeHttp and refused over fetch, which would drop it", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const outcome = yield* toEither(Effect.flatMap(Http.get(`${base}/headers`, { headers: { Host: "sample-host" } }), headersOf))
        if (transport === "node") {
          expect(outcome._tag === "Right" && outcome.right.Host).toBe("sample-host")
        } else {
          expect(outcome._tag === "Left" && outcome.left._tag).toBe("InvalidRequest")
          expect(outcome._tag === "Left" && outcome.left.message).toContain("NodeHttp.layer sends it")
        }
      }))

    it.effect("leading and trailing spaces and controls around a URL are stripped; a control within or a baseUrl join is still refused", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        expect((yield* Http.get(`  ${base}/get\n`)).url).toBe(`${base}/get`)
        expect((yield* Effect.flip(Http.get(`${base}/g\net`)))._tag).toBe("InvalidUrl")
        const api = Http.make({ baseUrl: base })
        expect((yield* Effect.flip(api.get("/get\n")))._tag).toBe("InvalidUrl")
      }))
  })
})

describe("res.elapsed", () => {
  it.effect("is the time from the send to the headers, per hop, by Effect's Clock: TestClock sets it", () =>
    Effect.gen(function* () {
      const layer = MockHttp.layer([
        MockHttp.get("/slow", MockHttp.delay("3 seconds", MockHttp.text("late"))),
        MockHttp.get("/hop", MockHttp.delay("1 second", MockHttp.redirect("/slow")))
      ])
      const elapsed = yield* Effect.gen(function* () {
        const fiber = yield* fork(Http.get("https://a.test/hop"))
        yield* TestClock.adjust("10 seconds")
        const res = yield* Fiber.join(fiber)
        return { last: Duration.toMillis(res.elapsed), hops: res.history.map((hop) => Duration.toMillis(hop.elapsed)) }
      }).pipe(Effect.provide(layer))
      expect(elapsed).toEqual({ last: 3000, hops: [1000] })
    }))

  it.effect("a response from the cache took no time", () =>
    Effect.gen(function* () {
      const layer = MockHttp.layer([MockHttp.get("/c", MockHttp.delay("2 seconds", MockHttp.text("kept", { headers: { "cache-control": "max-age=60" } })))])
      const api = Http.make({ cache: true })
      const elapsed = yield* Effect.gen(function* () {
        const first = yield* fork(api.get("https://a.test/c"))
        yield* TestClock.adjust("2 seconds")
        const miss = yield* Fiber.join(first)
        yield* miss.text // stored once read
        const hit = yield* api.get("https://a.test/c")
        return [miss.cache, Duration.toMillis(miss.elapsed), hit.cache, Duration.toMillis(hit.elapsed)]
      }).pipe(Effect.provide(layer))
      expect(elapsed).toEqual(["miss", 2000, "hit", 0])
    }))
})
