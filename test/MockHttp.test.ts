import { describe, expect, it } from "@effect/vitest"
import { Cause, Effect, Exit, Fiber, Ref, Schema, Stream } from "effect"
import { Http, Retry } from "effect-requests"
import { MockHttp } from "effect-requests/testing"
import { TestClock, fork, isDefect, poll } from "#testline"

const User = Schema.Struct({ login: Schema.String, page: Schema.optional(Schema.String) })

const Api = MockHttp.layer([
  MockHttp.get("https://api.test/users/:name", (req) => MockHttp.json({ login: req.params.name, page: req.query.page })),
  MockHttp.get("/search", MockHttp.json({ hits: 1 }), { match: { query: { q: "effect" } } }),
  MockHttp.get("/search", MockHttp.json({ hits: 0 })),
  MockHttp.get("/admin", MockHttp.text("welcome"), { match: { headers: { Authorization: "Bearer root" } } }),
  MockHttp.post("/users", (req) => MockHttp.json(req.json, { status: 201 })),
  MockHttp.any("/anything", (req) => MockHttp.json({ method: req.method, text: req.text }))
])

it.layer(Api)("MockHttp routes", (it) => {
  it.effect("a :name segment is a param; the query reaches the handler", () =>
    Effect.gen(function* () {
      const user = yield* Http.get("https://api.test/users/ada", { params: { page: "2" } }).pipe(Http.decode(User))
      expect(user).toEqual({ login: "ada", page: "2" })
    }))

  it.effect("a session's response from a route says no HTTP version: no wire was used", () =>
    Effect.gen(function* () {
      const res = yield* Http.make({ baseUrl: "https://api.test" }).get("/users/ada")
      expect(res.status).toBe(200)
      expect(res.httpVersion).toBeUndefined()
    }))

  it.effect("a full-URL route matches only its origin", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(Http.get("https://other.test/users/ada"))
      expect(Exit.isFailure(exit) && isDefect(exit.cause)).toBe(true)
    }))

  it.effect("query and header requirements pick the route; path-only routes match any origin", () =>
    Effect.gen(function* () {
      const hit = yield* Http.get("https://a.test/search?q=effect").pipe(Effect.flatMap((r) => r.json))
      const miss = yield* Http.get("https://b.test/search?q=other").pipe(Effect.flatMap((r) => r.json))
      expect(hit).toEqual({ hits: 1 })
      expect(miss).toEqual({ hits: 0 })
      const admin = yield* Http.get("https://a.test/admin", { headers: { authorization: "Bearer root" } }).pipe(
        Effect.flatMap((r) => r.text)
      )
      expect(admin).toBe("welcome")
    }))

  it.effect("handlers see the method, body text and json", () =>
    Effect.gen(function* () {
      const created = yield* Http.post("https://a.test/users", { json: { login: "grace" } })
      expect(created.status).toBe(201)
      expect(yield* created.json).toEqual({ login: "grace" })
      const echoed = yield* Http.request("PURGE", "https://a.test/anything", { body: "x=1" }).pipe(Effect.flatMap((r) => r.json))
      expect(echoed).toEqual({ method: "PURGE", text: "x=1" })
    }))

  it.effect("calls are recorded in order with method, url, headers and body", () =>
    Effect.gen(function* () {
      const before = (yield* MockHttp.calls).length
      yield* Http.post("https://a.test/users", { json: { n: 1 }, headers: { "x-trace": "t1" } })
      yield* Http.get("https://a.test/search")
      const calls = (yield* MockHttp.calls).slice(before)
      expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(["POST https://a.test/users", "GET https://a.test/search"])
      expect(calls[0]!.json).toEqual({ n: 1 })
      expect(calls[0]!.headers["x-trace"]).toBe("t1")
      yield* MockHttp.expectCalled("GET", "/search")
    }))
})

describe("MockHttp unmatched requests", () => {
  it.effect("fail the test naming the method, the URL and the three nearest routes", () =>
    Effect.gen(function* () {
      const exit = yield* Http.get("https://api.test/user/ada").pipe(Effect.provide(Api), Effect.exit)
      if (Exit.isSuccess(exit)) return expect.fail("an unmatched request must not succeed")
      const message = Cause.pretty(exit.cause)
      expect(message).toContain("no route matches GET https://api.test/user/ada")
      expect(message).toContain("nearest routes:\n  GET https://api.test/users/:name\n  GET /search (query q=effect)\n  GET /search")
    }))
})

describe("MockHttp responses and faults", () => {
  it.effect("a sequence answers in turn and repeats its last: 503 then 200 is retried, two calls recorded", () =>
    Effect.gen(function* () {
      const layer = MockHttp.layer([MockHttp.get("/job", MockHttp.sequence([MockHttp.status(503), MockHttp.json({ done: true })]))])
      const result = yield* Effect.gen(function* () {
        const fiber = yield* fork(Http.get("https://a.test/job").pipe(Effect.flatMap((r) => r.json)))
        yield* TestClock.adjust("1 minute")
        const body = yield* Fiber.join(fiber)
        yield* MockHttp.expectCalled("GET", "/job", 2)
        return body
      }).pipe(Effect.provide(layer))
      expect(result).toEqual({ done: true })
    }))

  it.effect("times(n) answers n calls, then falls through to the next route", () =>
    Effect.gen(function* () {
      const layer = MockHttp.layer([
        MockHttp.get("/items", MockHttp.times(2, MockHttp.status(418))),
        MockHttp.get("/items", MockHttp.json([1]))
      ])
      const statuses = yield* Effect.forEach([1, 2, 3], () =>
        Http.get("https://a.test/items", { validateStatus: () => true }).pipe(Effect.map((r) => r.status))
      ).pipe(Effect.provide(layer))
      expect(statuses).toEqual([418, 418, 200])
    }))

  it.effect("connectionError() is a ConnectionError; reset() cuts the body into a ConnectionError", () =>
    Effect.gen(function* () {
      const layer = MockHttp.layer([
        MockHttp.get("/down", MockHttp.connectionError()),
        MockHttp.get("/cut", MockHttp.reset({ headers: { "content-type": "application/json" } }))
      ])
      const down = yield* Http.get("https://a.test/down", { retry: Retry.none }).pipe(Effect.provide(layer), Effect.flip)
      expect(down).toMatchObject({ _tag: "ConnectionError" })
      const cut = yield* Http.get("https://a.test/cut").pipe(Effect.flatMap((r) => r.json), Effect.provide(layer), Effect.flip)
      expect(cut).toMatchObject({ _tag: "ConnectionError" })
    }))

  it.effect("timeout() never answers: a request timeout gives TimeoutError, in virtual time", () =>
    Effect.gen(function* () {
      const layer = MockHttp.layer([MockHttp.get("/hang", MockHttp.timeout())])
      const fiber = yield* Http.get("https://a.test/hang", { timeout: "2 seconds", retry: Retry.none }).pipe(
        Effect.provide(layer),
        Effect.flip,
        fork
      )
      yield* TestClock.adjust("2 seconds")
      expect(yield* Fiber.join(fiber)).toMatchObject({ _tag: "TimeoutError", phase: "headers" })
    }))

  it.effect("delay() waits in Effect's time: TestClock drives it", () =>
    Effect.gen(function* () {
      const layer = MockHttp.layer([MockHttp.get("/slow", MockHttp.delay("5 seconds", MockHttp.text("late")))])
      const fiber = yield* Http.get("https://a.test/slow").pipe(Effect.flatMap((r) => r.text), Effect.provide(layer), fork)
      yield* TestClock.adjust("4 seconds")
      expect(poll(fiber)).toBeUndefined()
      yield* TestClock.adjust("1 second")
      expect(yield* Fiber.join(fiber)).toBe("late")
    }))

  it.effect("redirects, bytes and streams play through the library unchanged", () =>
    Effect.gen(function* () {
      const layer = MockHttp.layer([
        MockHttp.get("/old", MockHttp.redirect("/new", 301)),
        MockHttp.get("/new", MockHttp.bytes(new Uint8Array([1, 2, 3]))),
        MockHttp.get("/lines", MockHttp.stream(Stream.make("a\n", "b\n").pipe(Stream.encodeText)))
      ])
      const res = yield* Http.get("https://a.test/old").pipe(Effect.provide(layer))
      expect(res.url).toBe("https://a.test/new")
      expect(Array.from(yield* res.bytes)).toEqual([1, 2, 3])
      const lines = yield* Http.get("https://a.test/lines").pipe(Effect.flatMap((r) => r.text), Effect.provide(layer))
      expect(lines).toBe("a\nb\n")
    }))

  it.effect("a handler may be an Effect that uses a Ref", () =>
    Effect.gen(function* () {
      const hits = yield* Ref.make(0)
      const layer = MockHttp.layer([
        MockHttp.get("/count", () => Effect.map(Ref.updateAndGet(hits, (n) => n + 1), (n) => MockHttp.json({ n })))
      ])
      const bodies = yield* Effect.forEach([1, 2], () => Http.get("https://a.test/count").pipe(Effect.flatMap((r) => r.json)))
        .pipe(Effect.provide(layer))
      expect(bodies).toEqual([{ n: 1 }, { n: 2 }])
    }))

  it.effect("expectCalled fails with what was called when the count is wrong", () =>
    Effect.gen(function* () {
      const layer = MockHttp.layer([MockHttp.get("/a", MockHttp.status(204))])
      const exit = yield* Effect.gen(function* () {
        yield* Http.get("https://a.test/a")
        yield* MockHttp.expectCalled("GET", "/a", 2)
      }).pipe(Effect.provide(layer), Effect.exit)
      if (Exit.isSuccess(exit)) return expect.fail("expectCalled should have failed")
      expect(Cause.pretty(exit.cause)).toContain("expected GET /a to be called 2 times, but it was called 1 time")
    }))

  it.effect("each layer build starts with fresh sequences", () =>
    Effect.gen(function* () {
      const layer = MockHttp.layer([MockHttp.get("/s", MockHttp.sequence([MockHttp.text("first"), MockHttp.text("then")]))])
      const once = Http.get("https://a.test/s").pipe(Effect.flatMap((r) => r.text), Effect.provide(layer))
      expect(yield* once).toBe("first")
      expect(yield* once).toBe("first")
    }))
})

// The README's test, twice in one it.layer: the layer is built once, and
// MockHttp.clear gives each test its own calls and sequence.
const Login = Schema.Struct({ login: Schema.String })
const getUser = (name: string) => Http.get(`https://api.github.com/users/${name}`).pipe(Http.decode(Login))

it.layer(MockHttp.layer([
  MockHttp.get("/users/:name", MockHttp.sequence([MockHttp.status(503), MockHttp.json({ login: "octocat" })]))
]))("MockHttp under it.layer", (it) => {
  for (const copy of ["first", "second"]) {
    it.effect(`retries a 503 and decodes the user (${copy} copy)`, () =>
      Effect.gen(function* () {
        yield* MockHttp.clear
        const user = yield* fork(getUser("octocat"))
        yield* TestClock.adjust("1 minute")
        expect((yield* Fiber.await(user))._tag).toBe("Success")
        yield* MockHttp.expectCalled("GET", "/users/:name", 2)
      }))
  }
})

describe("MockHttp.sequence and clear", () => {
  it.effect("a sequence takes handlers of the request as well as responses", () =>
    Effect.gen(function* () {
      const first = yield* Http.post("https://a.test/jobs", { json: { n: 1 }, retry: Retry.none, validateStatus: () => true })
      const second = yield* Http.post("https://a.test/jobs", { json: { n: 2 } }).pipe(Effect.flatMap((res) => res.json))
      expect(first.status).toBe(503)
      expect(second).toEqual({ accepted: { n: 2 } })
    }).pipe(Effect.provide(MockHttp.layer([
      MockHttp.post("/jobs", MockHttp.sequence([MockHttp.status(503), (req) => MockHttp.json({ accepted: req.json }, { status: 201 })]))
    ]))))

  it.effect("clear forgets the calls, rewinds sequences and zeroes times counts", () =>
    Effect.gen(function* () {
      const status = (path: string) => Http.get(`https://a.test${path}`, { validateStatus: () => true, retry: Retry.none }).pipe(Effect.map((res) => res.status))
      expect([yield* status("/seq"), yield* status("/seq"), yield* status("/once"), yield* status("/once")]).toEqual([500, 200, 201, 404])
      yield* MockHttp.clear
      expect(yield* MockHttp.calls).toEqual([])
      expect([yield* status("/seq"), yield* status("/once")]).toEqual([500, 201])
    }).pipe(Effect.provide(MockHttp.layer([
      MockHttp.get("/seq", MockHttp.sequence([MockHttp.status(500), MockHttp.status(200)])),
      MockHttp.get("/once", MockHttp.times(1, MockHttp.status(201))),
      MockHttp.get("/once", MockHttp.status(404))
    ]))))
})

describe("MockHttp.adjust", () => {
  it.effect("moves the TestClock once a request forked just before has reached its retry's wait: a 503, then the answer", () =>
    Effect.gen(function* () {
      const fiber = yield* fork(Http.get("https://api.test/items").pipe(Effect.flatMap((res) => res.json)))
      yield* MockHttp.adjust("1 minute")
      expect(yield* Fiber.join(fiber)).toEqual(["ok"])
      expect(yield* MockHttp.calls).toHaveLength(2)
    }).pipe(Effect.provide(MockHttp.layer([
      MockHttp.get("/items", MockHttp.sequence([MockHttp.status(503), MockHttp.json(["ok"])]))
    ]))))
})
