import { expect, it, layer } from "@effect/vitest"
import { Cause, Effect, Exit, Fiber, Layer, Scope } from "effect"
import { Http, Retry } from "effect-requests"
import { NodeHttp } from "effect-requests/node"
import { TestServer } from "effect-requests/testing"
import { e2e, httpServer } from "./helpers.js"
import { fork, inScope, isDefect, toEither } from "#testline"

const json = (url: string, options?: Http.Options) => Effect.flatMap(Http.get(url, options), (res) => res.json)

it.layer(e2e)("TestServer speaks httpbin", (it) => {
  it.effect("listens on 127.0.0.1 at a random port", () =>
    Effect.gen(function* () {
      const base = yield* TestServer.url
      expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    }))

  it.effect("/get has args, headers, origin and url", () =>
    Effect.gen(function* () {
      const base = yield* TestServer.url
      const body = yield* json(`${base}/get?a=1&a=2&b=x`)
      expect(Object.keys(body as object).sort()).toEqual(["args", "headers", "origin", "url"])
      expect(body).toMatchObject({ args: { a: ["1", "2"], b: "x" }, origin: "127.0.0.1", url: `${base}/get?a=1&a=2&b=x` })
    }))

  it.effect("/post has args, data, files, form, headers, json, origin and url; a wrong method is 405", () =>
    Effect.gen(function* () {
      const base = yield* TestServer.url
      const body = yield* Http.post(`${base}/post`, { json: [1] }).pipe(Effect.flatMap((r) => r.json))
      expect(Object.keys(body as object).sort()).toEqual(["args", "data", "files", "form", "headers", "json", "origin", "url"])
      expect(body).toMatchObject({ data: "[1]", json: [1] })
      const wrong = yield* Http.get(`${base}/post`).pipe(Effect.flip)
      expect(wrong).toMatchObject({ _tag: "StatusError", status: 405 })
    }))

  it.effect("/status/:code answers that code; /status/418 is a teapot", () =>
    Effect.gen(function* () {
      const base = yield* TestServer.url
      const res = yield* Http.get(`${base}/status/204`)
      expect(res.status).toBe(204)
      const teapot = yield* Http.get(`${base}/status/418`).pipe(Effect.flip)
      if (teapot._tag !== "StatusError") return expect.fail(teapot._tag)
      expect(teapot.body).toContain("teapot")
    }))

  it.effect("/cookies/set sets cookies and redirects to /cookies, which echoes the Cookie header", () =>
    Effect.gen(function* () {
      const base = yield* TestServer.url
      const set = yield* Http.get(`${base}/cookies/set?a=1&b=2`, { redirects: false })
      expect(set.status).toBe(302)
      expect(set.headers.get("location")).toBe("/cookies")
      expect(set.raw.cookies.cookies).toMatchObject({ a: { value: "1" }, b: { value: "2" } })
      expect(yield* json(`${base}/cookies`, { headers: { cookie: "a=1; b=2" } })).toEqual({ cookies: { a: "1", b: "2" } })
    }))

  it.effect("/basic-auth refuses wrong credentials with 401 and WWW-Authenticate", () =>
    Effect.gen(function* () {
      const base = yield* TestServer.url
      const err = yield* Http.get(`${base}/basic-auth/u/p`).pipe(Effect.flip)
      if (err._tag !== "StatusError") return expect.fail(err._tag)
      expect(err.status).toBe(401)
      expect(err.headers["www-authenticate"]).toContain("Basic")
    }))

  it.effect("/bytes/:n with a seed is deterministic; /stream/:n sends n JSON lines", () =>
    Effect.gen(function* () {
      const base = yield* TestServer.url
      const a = yield* Http.get(`${base}/bytes/64?seed=3`).pipe(Effect.flatMap((r) => r.bytes))
      const b = yield* Http.get(`${base}/bytes/64?seed=3`).pipe(Effect.flatMap((r) => r.bytes))
      expect(a).toEqual(b)
      const text = yield* Http.get(`${base}/stream/3`).pipe(Effect.flatMap((r) => r.text))
      const lines = text.trim().split("\n").map((line) => JSON.parse(line) as { id: number })
      expect(lines.map((line) => line.id)).toEqual([0, 1, 2])
    }))

  it.effect("/deflate is deflate-encoded JSON; /html is HTML; /uuid is a UUID", () =>
    Effect.gen(function* () {
      const base = yield* TestServer.url
      expect(yield* json(`${base}/deflate`)).toMatchObject({ deflated: true })
      const html = yield* Http.get(`${base}/html`)
      expect(html.headers.get("content-type")).toContain("text/html")
      expect(yield* json(`${base}/uuid`)).toMatchObject({ uuid: expect.stringMatching(/^[0-9a-f-]{36}$/) })
    }))

  it.effect("records what it received", () =>
    Effect.gen(function* () {
      const base = yield* TestServer.url
      yield* Http.post(`${base}/anything/recorded?x=1`, { body: "hello", headers: { "x-mark": "1" } })
      const last = (yield* TestServer.received).at(-1)!
      expect(last).toMatchObject({ method: "POST", path: "/anything/recorded?x=1", body: "hello" })
      expect(last.headers["x-mark"]).toBe("1")
    }))

  it.effect("TestServer.clear forgets what it received: the next test of a shared layer sees only its own requests", () =>
    Effect.gen(function* () {
      const base = yield* TestServer.url
      yield* Http.get(`${base}/get?before=1`)
      expect((yield* TestServer.received).length).toBeGreaterThan(0)
      yield* TestServer.clear
      expect(yield* TestServer.received).toEqual([])
      yield* Http.get(`${base}/get?after=1`)
      expect((yield* TestServer.received).map((r) => r.path)).toEqual(["/get?after=1"])
    }))
})

it.live("closing the scope ends pending /delay requests at once", () =>
  Effect.gen(function* () {
    const scope = yield* Scope.make()
    const server = yield* TestServer.make().pipe(inScope(scope))
    const pending = yield* Http.get(`${server.url}/delay/10`, { retry: Retry.none }).pipe(
      Effect.provide(Http.layer),
      toEither,
      fork
    )
    yield* Effect.sleep("100 millis")
    yield* Scope.close(scope, Exit.void)
    // Had the delay run its 10 s, this would be a 200; the close cut it off.
    expect(yield* Fiber.join(pending)).toMatchObject({ _tag: "Left", left: { _tag: "ConnectionError" } })
  }))

it.scopedLive("can listen on ::1", () =>
  Effect.gen(function* () {
    const server = yield* TestServer.make({ host: "::1" })
    expect(server.url).toMatch(/^http:\/\/\[::1\]:\d+$/)
    const res = yield* Http.get(`${server.url}/get`).pipe(Effect.provide(Http.layer))
    expect(res.status).toBe(200)
  }))

// docs/testing.md's pattern: real sockets, real time, so a retry's backoff
// is waited and the test ends.
layer(Layer.merge(TestServer.layer, NodeHttp.layer), { excludeTestServices: true })("TestServer without TestClock", (it) => {
  it.effect("a slow server times out twice, the backoff between waited in real time", () =>
    Effect.gen(function* () {
      const base = yield* TestServer.url
      const retry = Retry.policy({ times: 1, base: "10 millis" })
      const error = yield* Http.get(`${base}/delay/1`, { timeout: "200 millis", retry }).pipe(Effect.flip)
      expect(error).toMatchObject({ _tag: "TimeoutError", attempts: 2 })
    }))
})

// The setup docs/testing.md warns against, caught: a retry's backoff over a
// real transport, on a TestClock nobody moves.
it.scoped("a real transport under a TestClock: a retry's wait fails with a defect that says why, never a silent hang", () =>
  Effect.gen(function* () {
    const { url } = yield* httpServer((_req, res) => void res.writeHead(503).end())
    const exit = yield* Http.get(`${url}/`, { retry: Retry.policy({ times: 1, jitter: false }) }).pipe(Effect.provide(NodeHttp.layer), Effect.exit)
    expect(Exit.isFailure(exit) && isDefect(exit.cause)).toBe(true)
    if (Exit.isFailure(exit)) expect(Cause.pretty(exit.cause)).toContain("on a TestClock, but the request goes over a real transport")
  }))

it.scoped("a real transport under a TestClock: a session's 429 pause fails with the same defect, never a silent hang", () =>
  Effect.gen(function* () {
    const { url } = yield* httpServer((_req, res) => void res.writeHead(429, { "retry-after": "5" }).end())
    const api = Http.make({ retry: Retry.none })
    const first = yield* api.get(`${url}/`).pipe(Effect.provide(NodeHttp.layer), Effect.flip)
    expect(first).toMatchObject({ _tag: "StatusError", status: 429 })
    const exit = yield* api.get(`${url}/`).pipe(Effect.provide(NodeHttp.layer), Effect.exit)
    expect(Exit.isFailure(exit) && isDefect(exit.cause)).toBe(true)
    if (Exit.isFailure(exit)) expect(Cause.pretty(exit.cause)).toContain("the 429 pause of http://127.0.0.1")
  }))

layer(NodeHttp.layer, { excludeTestServices: true })("TestServer with cors", (it) => {
  it.scoped("answers a preflight without recording it, echoes the page's Origin and lets it read ETag and Location", () =>
    Effect.gen(function* () {
      const server = yield* TestServer.make({ cors: true })
      const origin = "http://127.0.0.1:1234"
      const preflight = yield* Http.request("OPTIONS", `${server.url}/get`, {
        headers: { origin, "access-control-request-method": "GET", "access-control-request-headers": "cache-control, last-event-id" }
      })
      expect(preflight.status).toBe(204)
      expect(preflight.headers.get("access-control-allow-headers")).toBe("cache-control, last-event-id")
      expect(preflight.headers.get("access-control-allow-methods")).toContain("DELETE")
      const res = yield* Http.get(`${server.url}/etag/abc`, { headers: { origin } })
      expect(res.headers.get("access-control-allow-origin")).toBe(origin)
      expect(res.headers.get("access-control-allow-credentials")).toBe("true")
      expect(res.headers.get("access-control-expose-headers")).toMatch(/etag.*location/)
      expect((yield* server.received).map((r) => r.method)).toEqual(["GET"])
    }))

  it.scoped("without cors, no CORS header is sent", () =>
    Effect.gen(function* () {
      const server = yield* TestServer.make()
      const res = yield* Http.get(`${server.url}/get`, { headers: { origin: "http://127.0.0.1:1234" } })
      expect(res.headers.get("access-control-allow-origin")).toBeUndefined()
    }))
})
