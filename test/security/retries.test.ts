import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Fiber, Schedule, Stream } from "effect"
import { Http, Retry } from "effect-requests"
import { TestServer } from "effect-requests/testing"
import { eachTransport } from "../helpers.js"
import { run, scripted } from "../mockTransport.js"
import { TestClock, fork, withLiveClock } from "#testline"

const url = "http://127.0.0.1/resource"

describe("unsafe retries (catalogue 26, 28)", () => {
  it.effect("POST answered 503 is sent once (reqwest-retry retried it by default)", () =>
    Effect.gen(function* () {
      const { result, seen } = yield* run([{ status: 503 }, { status: 200 }], (http) => http.post(url, { json: {} }))
      expect(result).toMatchObject({ _tag: "Left", left: { _tag: "StatusError", status: 503 } })
      expect(seen).toHaveLength(1)
    }))


  it.effect("retries POST that carries an Idempotency-Key", () =>
    Effect.gen(function* () {
      const { result, seen } = yield* run(
        [{ status: 503 }, { status: 200 }],
        (http) => http.post(url, { json: {}, headers: { "Idempotency-Key": "k1" } })
      )
      expect(result._tag).toBe("Right")
      expect(seen).toHaveLength(2)
    }))


  it.effect("POST whose connection was refused is retried: nothing reached the server (httpx's rule)", () =>
    Effect.gen(function* () {
      const { result, seen } = yield* run(["refused", { status: 200 }], (http) => http.post(url, { json: {} }))
      expect(result._tag).toBe("Right")
      expect(seen).toHaveLength(2)
    }))


  it.effect("a one-shot stream body is never retried, by the policy or a Schedule (undici body replay)", () =>
    Effect.gen(function* () {
      const body = Stream.make(new TextEncoder().encode("once"))
      const policy = yield* run([{ status: 503 }, { status: 200 }], (http) => http.put(url, { body }))
      expect(policy.seen).toHaveLength(1)
      const schedule = yield* run([{ status: 503 }, { status: 200 }], (http) => http.put(url, { body, retry: Schedule.forever }))
      expect(schedule.seen).toHaveLength(1)
    }))
})

describe("Retry-After, in virtual time (catalogue 27)", () => {
  it.effect("429 with Retry-After: 1 waits at least one second", () =>
    Effect.gen(function* () {
      const mock = yield* scripted([{ status: 429, headers: { "retry-after": "1" } }, { status: 200 }])
      const fiber = yield* Http.get(url, { retry: Retry.policy({ jitter: false, base: "10 millis" }) }).pipe(
        Effect.provide(mock.layer),
        fork
      )
      yield* TestClock.adjust("999 millis")
      expect(yield* mock.seen).toHaveLength(1)
      yield* TestClock.adjust("1 millis")
      yield* Fiber.join(fiber)
      const seen = yield* mock.seen
      expect(seen).toHaveLength(2)
      expect(seen[1]!.at - seen[0]!.at).toBe(1000)
    }))


  it.effect("Retry-After as an HTTP date is honoured", () =>
    Effect.gen(function* () {
      // TestClock starts at the epoch, so the date is 2 s after "now".
      const { seen } = yield* run(
        [{ status: 503, headers: { "retry-after": "Thu, 01 Jan 1970 00:00:02 GMT" } }, { status: 200 }],
        (http) => http.get(url, { retry: Retry.policy({ base: "1 millis" }) })
      )
      expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(2000)
    }))


  it.effect("Retry-After: 3600 fails at once with the StatusError carrying 3600 s", () =>
    Effect.gen(function* () {
      const mock = yield* scripted([{ status: 429, headers: { "retry-after": "3600" } }, { status: 200 }])
      const result = yield* Http.get(url).pipe(Effect.provide(mock.layer), Effect.flip)
      expect(result._tag).toBe("StatusError")
      if (result._tag === "StatusError") expect(Duration.toSeconds(result.retryAfter!)).toBe(3600)
      expect(yield* mock.seen).toHaveLength(1)
    }))


  it.effect("garbage or negative Retry-After falls back to the normal backoff", () =>
    Effect.gen(function* () {
      for (const value of ["soon", "-5", "1e9999"]) {
        const { seen } = yield* run(
          [{ status: 503, headers: { "retry-after": value } }, { status: 200 }],
          (http) => http.get(url, { retry: Retry.policy({ jitter: false }) })
        )
        expect(seen[1]!.at - seen[0]!.at, value).toBe(200)
      }
    }))
})

eachTransport((e2e, transport) => {
  it.layer(e2e)(`retries over real HTTP [${transport}]`, (it) => {
    // The backoff between the keyed POST's attempts is a real (1 ms) wait.
    it.effect("POST answered 503 reaches the server once; with an Idempotency-Key, three times", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const count = Effect.map(TestServer.received, (all) => all.filter((r) => r.path.startsWith("/status/503")).length)
        const fast = Retry.policy({ base: "1 millis", jitter: false })
        const before = yield* count
        yield* Http.post(`${base}/status/503`, { json: {}, retry: fast }).pipe(Effect.flip)
        expect((yield* count) - before).toBe(1)
        yield* Http.post(`${base}/status/503`, { json: {}, retry: fast, headers: { "idempotency-key": "k" } }).pipe(Effect.flip)
        expect((yield* count) - before).toBe(4)
      }).pipe(withLiveClock))

    it.effect("a one-shot stream PUT answered 503 is sent once, with its body, never again empty", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const body = Stream.make(new TextEncoder().encode("payload"))
        const err = yield* Http.put(`${base}/status/503`, { body, retry: Retry.policy({ base: "1 millis" }) }).pipe(Effect.flip)
        expect(err).toMatchObject({ _tag: "StatusError", status: 503 })
        const puts = (yield* TestServer.received).filter((r) => r.method === "PUT")
        expect(puts.map((r) => r.body)).toEqual(["payload"])
      }))

    it.effect("Retry-After: 3600 from the server fails at once instead of sleeping an hour", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const before = (yield* TestServer.received).length
        const err = yield* Http.get(`${base}/problem/429?retry_after=3600`).pipe(Effect.flip)
        expect(err).toMatchObject({ _tag: "StatusError", status: 429 })
        if (err._tag === "StatusError") expect(Duration.toSeconds(err.retryAfter!)).toBe(3600)
        expect((yield* TestServer.received).length - before).toBe(1)
      }))
  })
})
