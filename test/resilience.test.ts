import * as RateLimiter from "#line/persistence/RateLimiter"
import { describe, expect, it } from "@effect/vitest"
import { Clock, type Duration, Effect, Fiber, Layer } from "effect"
import { Http, Retry } from "effect-requests"
import { scripted, type Scripted } from "./mockTransport.js"
import { TestClock, fork, toEither } from "#testline"

const url = "http://127.0.0.1/r"

/** Forks `n` requests of a session at once and lets virtual time run. */
const burst = (session: Http.Session, script: ReadonlyArray<Scripted>, n: number, settle: Duration.DurationInput = "1 minute") =>
  Effect.gen(function* () {
    const mock = yield* scripted(script)
    const fiber = yield* Effect.forEach(Array.from({ length: n }), () => toEither(session.get(url)), {
      concurrency: "unbounded"
    }).pipe(Effect.provide(mock.layer), fork)
    yield* TestClock.adjust(settle)
    return { results: yield* Fiber.join(fiber), seen: yield* mock.seen }
  })

const perSecond = (times: ReadonlyArray<number>) => {
  const counts = new Map<number, number>()
  for (const at of times) counts.set(Math.floor(at / 1000), (counts.get(Math.floor(at / 1000)) ?? 0) + 1)
  return counts
}

describe("rate limit", () => {
  it.effect("50 requests at 10 per second take 4 to 5 seconds, never more than 10 in a second", () =>
    Effect.gen(function* () {
      const api = Http.make({ rateLimit: { limit: 10, interval: "1 second" } })
      const { results, seen } = yield* burst(api, [{ status: 200 }], 50)
      expect(results.every((r) => r._tag === "Right")).toBe(true)
      const last = Math.max(...seen.map((s) => s.at))
      expect(last).toBeGreaterThanOrEqual(4000)
      expect(last).toBeLessThanOrEqual(5000)
      for (const count of perSecond(seen.map((s) => s.at)).values()) expect(count).toBeLessThanOrEqual(10)
    }))

  it.effect("the token bucket spreads requests out at the refill rate", () =>
    Effect.gen(function* () {
      const api = Http.make({ rateLimit: { limit: 5, interval: "1 second", algorithm: "token-bucket" } })
      const { seen } = yield* burst(api, [{ status: 200 }], 15)
      const last = Math.max(...seen.map((s) => s.at))
      expect(last).toBeGreaterThanOrEqual(1800)
      expect(last).toBeLessThanOrEqual(2000)
    }))

  it.effect("sessions given the same key share a RateLimiter provided in the context", () =>
    Effect.gen(function* () {
      const shared = Layer.provide(RateLimiter.layer, RateLimiter.layerStoreMemory)
      const a = Http.make({ rateLimit: { limit: 10, interval: "1 second", key: "github" } })
      const b = Http.make({ rateLimit: { limit: 10, interval: "1 second", key: "github" } })
      const mock = yield* scripted([{ status: 200 }])
      const fiber = yield* Effect.all([
        Effect.forEach(Array.from({ length: 10 }), () => a.get(url), { concurrency: "unbounded" }),
        Effect.forEach(Array.from({ length: 10 }), () => b.get(url), { concurrency: "unbounded" })
      ], { concurrency: "unbounded" }).pipe(Effect.provide([mock.layer, shared]), fork)
      yield* TestClock.adjust("10 seconds")
      yield* Fiber.join(fiber)
      const times = (yield* mock.seen).map((s) => s.at)
      expect(Math.max(...times)).toBe(1000)
    }))

  it.effect("three sessions sharing one token bucket of 1 per 100 ms: one request every 100 ms, never more than 10 in a second", () =>
    Effect.gen(function* () {
      // The configuration test/sharedRateLimit.test.ts runs in three processes over Redis,
      // here in virtual time, where the spacing itself can be asserted.
      const shared = Layer.provide(RateLimiter.layer, RateLimiter.layerStoreMemory)
      const options = { rateLimit: { limit: 1, interval: "100 millis", algorithm: "token-bucket", key: "shared-api" } } as const
      const sessions = [Http.make(options), Http.make(options), Http.make(options)]
      const mock = yield* scripted([{ status: 200 }])
      const fiber = yield* Effect.forEach(
        sessions,
        (session) => Effect.forEach(Array.from({ length: 20 }), () => session.get(url), { concurrency: 8 }),
        { concurrency: "unbounded" }
      ).pipe(Effect.provide([mock.layer, shared]), fork)
      yield* TestClock.adjust("1 minute")
      yield* Fiber.join(fiber)
      const times = (yield* mock.seen).map((s) => s.at).sort((x, y) => x - y)
      expect(times).toEqual(Array.from({ length: 60 }, (_, i) => i * 100))
      for (const count of perSecond(times).values()) expect(count).toBeLessThanOrEqual(10)
    }))

  it.effect("an invalid limit is an InvalidRequest", () =>
    Effect.gen(function* () {
      const api = Http.make({ rateLimit: { limit: 0, interval: "1 second" } })
      const { results, seen } = yield* burst(api, [{ status: 200 }], 1)
      expect(results[0]).toMatchObject({ _tag: "Left", left: { _tag: "InvalidRequest" } })
      expect(seen).toEqual([])
    }))
})

describe("maxConcurrent", () => {
  it.effect("at most N attempts to an origin are in flight; the rest queue", () =>
    Effect.gen(function* () {
      const api = Http.make({ maxConcurrent: 2 })
      const { results, seen } = yield* burst(api, [{ status: 200, delay: "1 second" }], 6)
      expect(results.every((r) => r._tag === "Right")).toBe(true)
      expect(seen.map((s) => s.at).sort((x, y) => x - y)).toEqual([0, 0, 1000, 1000, 2000, 2000])
    }))
})

describe("429 pauses the origin", () => {
  it.effect("a Retry-After on a 429 delays the session's next request to that origin, not to others", () =>
    Effect.gen(function* () {
      const api = Http.make({ retry: Retry.none })
      const mock = yield* scripted([{ status: 429, headers: { "retry-after": "5" } }, { status: 200 }])
      const fiber = yield* Effect.gen(function* () {
        yield* toEither(api.get(url))
        yield* api.get("http://127.0.0.2/other")
        yield* api.get(url)
      }).pipe(Effect.provide(mock.layer), fork)
      yield* TestClock.adjust("1 minute")
      yield* Fiber.join(fiber)
      expect((yield* mock.seen).map((s) => s.at)).toEqual([0, 0, 5000])
    }))
})

describe("429 pause and the request's timeout", () => {
  it.effect("a pause longer than the next request's timeout fails it at once with a TimeoutError, sending nothing", () =>
    Effect.gen(function* () {
      const api = Http.make({ retry: Retry.none })
      const mock = yield* scripted([{ status: 429, headers: { "retry-after": "3600" } }, { status: 200 }])
      const fiber = yield* Effect.gen(function* () {
        yield* toEither(api.get(url))
        const err = yield* api.get(url, { timeout: "1 second" }).pipe(Effect.flip)
        const at = yield* Clock.currentTimeMillis
        return { err, at }
      }).pipe(Effect.provide(mock.layer), fork)
      yield* TestClock.adjust("2 minutes")
      const { at, err } = yield* Fiber.join(fiber)
      expect(err).toMatchObject({ _tag: "TimeoutError", phase: "headers" })
      expect(at).toBe(0)
      expect(yield* mock.seen).toHaveLength(1)
    }))
})

describe("circuit breaker", () => {
  const breaker = { failureThreshold: 3, resetAfter: "10 seconds" } as const

  it.effect("opens after the threshold, fails fast, lets one probe through after resetAfter, and closes on success", () =>
    Effect.gen(function* () {
      const api = Http.make({ retry: Retry.none, circuitBreaker: breaker })
      const mock = yield* scripted([{ status: 503 }, { status: 503 }, { status: 503 }, { status: 200 }])
      const send = api.get(url).pipe(Effect.provide(mock.layer), toEither)
      for (let i = 0; i < 3; i++) yield* send
      const open = yield* send
      expect(open).toMatchObject({ _tag: "Left", left: { _tag: "CircuitOpen" } })
      if (open._tag === "Left") expect(open.left.message).toContain("circuit open")
      expect(yield* mock.seen).toHaveLength(3)
      yield* TestClock.adjust("10 seconds")
      expect(yield* send).toMatchObject({ _tag: "Right" })
      expect(yield* send).toMatchObject({ _tag: "Right" })
      expect(yield* mock.seen).toHaveLength(5)
    }))

  it.effect("a failed probe reopens the circuit at once", () =>
    Effect.gen(function* () {
      const api = Http.make({ retry: Retry.none, circuitBreaker: breaker })
      const mock = yield* scripted([{ status: 500 }])
      const send = api.get(url).pipe(Effect.provide(mock.layer), toEither)
      for (let i = 0; i < 3; i++) yield* send
      yield* TestClock.adjust("10 seconds")
      expect(yield* send).toMatchObject({ _tag: "Left", left: { _tag: "StatusError" } })
      expect(yield* send).toMatchObject({ _tag: "Left", left: { _tag: "CircuitOpen" } })
      expect(yield* mock.seen).toHaveLength(4)
    }))

  it.effect("while a probe is in flight other requests are rejected; 4xx count as the origin being up", () =>
    Effect.gen(function* () {
      const api = Http.make({ retry: Retry.none, circuitBreaker: breaker })
      const mock = yield* scripted([
        { status: 502 }, { status: 502 }, { status: 502 },
        { status: 404, delay: "1 second" }, { status: 200 }
      ])
      const send = api.get(url).pipe(Effect.provide(mock.layer), toEither)
      for (let i = 0; i < 3; i++) yield* send
      yield* TestClock.adjust("10 seconds")
      const probe = yield* fork(send)
      yield* TestClock.adjust("1 millis")
      expect(yield* send).toMatchObject({ _tag: "Left", left: { _tag: "CircuitOpen" } })
      yield* TestClock.adjust("1 second")
      expect(yield* Fiber.join(probe)).toMatchObject({ _tag: "Left", left: { _tag: "StatusError", status: 404 } })
      expect(yield* send).toMatchObject({ _tag: "Right" })
    }))

  it.effect("a request the transport refuses before connecting is the caller's mistake: it never counts against the origin", () =>
    Effect.gen(function* () {
      const api = Http.make({ retry: Retry.policy({ times: 2, base: "1 millis" }), circuitBreaker: breaker })
      // What undici throws for an argument it refuses (under NodeHttp and Node's fetch alike).
      const mock = yield* scripted([{ refusedLocally: "UND_ERR_INVALID_ARG" }, { refusedLocally: "UND_ERR_NOT_SUPPORTED" }, { refusedLocally: "UND_ERR_INVALID_ARG" }, { status: 200 }])
      const send = api.get(url).pipe(Effect.provide(mock.layer), toEither)
      for (let i = 0; i < 3; i++) {
        expect(yield* send).toMatchObject({ _tag: "Left", left: { _tag: "InvalidRequest" } })
      }
      // Not retried, and the circuit stays closed: the healthy origin answers.
      expect(yield* send).toMatchObject({ _tag: "Right" })
      expect(yield* mock.seen).toHaveLength(4)
    }))

  it.effect("headers no transport can send fail in prepare, never reaching the breaker", () =>
    Effect.gen(function* () {
      const api = Http.make({ retry: Retry.none, circuitBreaker: breaker })
      const mock = yield* scripted([{ status: 200 }])
      for (const headers of [{ expect: "100-continue" }, { "transfer-encoding": "chunked" }, { upgrade: "h2c" }]) {
        expect(yield* api.get(url, { headers }).pipe(Effect.provide(mock.layer), toEither)).toMatchObject({
          _tag: "Left",
          left: { _tag: "InvalidRequest" }
        })
      }
      expect(yield* api.get(url).pipe(Effect.provide(mock.layer), toEither)).toMatchObject({ _tag: "Right" })
      expect(yield* mock.seen).toHaveLength(1)
    }))

  it.effect("retries stop at an open circuit instead of hammering the origin", () =>
    Effect.gen(function* () {
      const api = Http.make({ circuitBreaker: { failureThreshold: 2, resetAfter: "1 minute" }, retry: Retry.policy({ times: 5, base: "1 millis" }) })
      const { results, seen } = yield* burst(api, [{ status: 503 }], 1)
      expect(seen).toHaveLength(2)
      expect(results[0]).toMatchObject({ _tag: "Left", left: { _tag: "CircuitOpen", attempts: 3 } })
    }))
})
