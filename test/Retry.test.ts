import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Fiber, Schedule, Schema } from "effect"
import { Http, Retry } from "effect-requests"
import { MockHttp } from "effect-requests/testing"
import { run, scripted } from "./mockTransport.js"
import { TestClock, fork, toEither, withSeed } from "#testline"

const url = "http://127.0.0.1/resource"

describe("Retry: which requests are retried", () => {
  it.effect("GET answered 503, 503, 200 succeeds after exactly 3 requests", () =>
    Effect.gen(function* () {
      const { result, seen } = yield* run([{ status: 503 }, { status: 503 }, { status: 200 }], (http) => http.get(url))
      expect(result._tag).toBe("Right")
      expect(seen).toHaveLength(3)
    }))

  it.effect("retries POST when the policy lists the method", () =>
    Effect.gen(function* () {
      const { seen } = yield* run([{ status: 503 }, { status: 200 }], (http) => http.post(url, { retry: Retry.policy({ methods: ["POST"] }) }))
      expect(seen).toHaveLength(2)
    }))

  it.effect("Retry.none sends once; Schedule.recurs(1) sends twice", () =>
    Effect.gen(function* () {
      const once = yield* run([{ status: 503 }], (http) => http.get(url, { retry: Retry.none }))
      expect(once.seen).toHaveLength(1)
      const twice = yield* run([{ status: 503 }], (http) => http.get(url, { retry: Schedule.recurs(1) }))
      expect(twice.seen).toHaveLength(2)
      expect(twice.result).toMatchObject({ _tag: "Left", left: { _tag: "StatusError", attempts: 2 } })
    }))

  it.effect("does not retry a status outside the policy (404), unless `while` says so", () =>
    Effect.gen(function* () {
      const plain = yield* run([{ status: 404 }, { status: 200 }], (http) => http.get(url))
      expect(plain.seen).toHaveLength(1)
      const custom = yield* run(
        [{ status: 404 }, { status: 200 }],
        (http) => http.get(url, { retry: Retry.policy({ while: (e) => e._tag === "StatusError" && e.status === 404 }) })
      )
      expect(custom.seen).toHaveLength(2)
    }))

  it.effect("the final error is the last attempt's, with the attempt count in field and message", () =>
    Effect.gen(function* () {
      const { result, seen } = yield* run([{ status: 500 }, { status: 502 }, { status: 503 }], (http) => http.get(url))
      expect(seen).toHaveLength(3)
      if (result._tag !== "Left") return expect.fail("expected a failure")
      expect(result.left).toMatchObject({ _tag: "StatusError", status: 503, attempts: 3 })
      expect(result.left.message).toBe(`StatusError: 503 Service Unavailable (GET ${url}) after 3 attempts`)
    }))
})

describe("Retry: waiting", () => {
  it.effect("without jitter the waits are base * factor^n, capped at maxDelay", () =>
    Effect.gen(function* () {
      const { seen } = yield* run(
        [{ status: 503 }],
        (http) => http.get(url, { retry: Retry.policy({ times: 5, jitter: false, base: "100 millis", factor: 3, maxDelay: "1 second" }) })
      )
      const waits = seen.slice(1).map((s, i) => s.at - seen[i]!.at)
      expect(waits).toEqual([100, 300, 900, 1000, 1000])
    }))

  it.effect("with jitter every wait is within [0, backoff] and never above maxDelay, over many seeds", () =>
    Effect.gen(function* () {
      const policy = Retry.policy({ times: 6, base: "100 millis", maxDelay: "1 second" })
      const distinct = new Set<number>()
      for (let seed = 1; seed <= 40; seed++) {
        const { seen } = yield* run([{ status: 503 }], (http) => http.get(url, { retry: policy })).pipe(
          withSeed(seed)
        )
        expect(seen).toHaveLength(7)
        seen.slice(1).forEach((s, i) => {
          const wait = s.at - seen[i]!.at
          const ceiling = Duration.toMillis(Retry.backoff(policy, i + 1))
          expect(wait).toBeGreaterThanOrEqual(0)
          expect(wait).toBeLessThanOrEqual(ceiling)
          expect(wait).toBeLessThanOrEqual(1000)
          distinct.add(wait)
        })
      }
      // Jitter that always picked the same wait would not spread clients out.
      expect(distinct.size).toBeGreaterThan(100)
    }))
})

describe("Retry: budget", () => {
  it.effect("retries of a session stop at its budget while requests go on", () =>
    Effect.gen(function* () {
      const api = Http.make({ retryBudget: { ratio: 0, minPerMinute: 3 }, retry: Retry.policy({ times: 2, base: "1 millis" }) })
      const mock = yield* scripted([{ status: 503 }])
      for (let i = 0; i < 4; i++) {
        const fiber = yield* api.get(url).pipe(Effect.provide(mock.layer), toEither, fork)
        yield* TestClock.adjust("1 second")
        yield* Fiber.join(fiber)
      }
      // 4 first attempts, and only 3 retries in the minute.
      expect(yield* mock.seen).toHaveLength(7)
    }))

  it.effect("the budget refills as the minute slides", () =>
    Effect.gen(function* () {
      const api = Http.make({ retryBudget: { ratio: 0, minPerMinute: 1 }, retry: Retry.policy({ times: 1, base: "1 millis" }) })
      const mock = yield* scripted([{ status: 503 }])
      const once = (wait: Duration.DurationInput) =>
        Effect.gen(function* () {
          const fiber = yield* api.get(url).pipe(Effect.provide(mock.layer), toEither, fork)
          yield* TestClock.adjust(wait)
          yield* Fiber.join(fiber)
        })
      yield* once("1 second") // t=0: 2 requests, the retry uses the budget
      yield* once("1 second") // t=1: 1 request, no budget left
      yield* once("61 seconds") // t=2: 1 request, the retry of t=0 still counts
      yield* once("1 second") // t=63: the minute has slid past it, retried again: 2 requests
      expect(yield* mock.seen).toHaveLength(6)
    }))

})

describe("Retry: what the final error carries", () => {
  it.effect("errorBody keeps the attempt count and Retry-After of a StatusError retried to the end", () =>
    Effect.gen(function* () {
      const Problem = Schema.Struct({ title: Schema.String })
      const fiber = yield* Http.get("https://api.test/busy").pipe(Http.errorBody(Problem), Effect.flip, fork)
      yield* TestClock.adjust("1 minute")
      const err = yield* Fiber.join(fiber)
      expect(err).toMatchObject({ _tag: "StatusError", status: 503, attempts: 3, data: { title: "busy" } })
      expect(err.message).toMatch(/after 3 attempts$/)
      if (err._tag === "StatusError") expect(err.retryAfter).toBeDefined()
    }).pipe(Effect.provide(MockHttp.layer([
      MockHttp.get("/busy", MockHttp.json({ title: "busy" }, { status: 503, headers: { "retry-after": "1" } }))
    ]))))
})


describe("Retry: idempotency keys", () => {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

  it.effect("idempotencyKey: true makes a POST retryable, with one random key kept by every retry", () =>
    Effect.gen(function* () {
      const { result, seen } = yield* run([{ status: 503 }, { status: 503 }, { status: 200 }], (http) => http.post(url, { json: {}, idempotencyKey: true }))
      expect(result._tag).toBe("Right")
      const keys = seen.map((call) => call.headers["idempotency-key"])
      expect(keys).toHaveLength(3)
      expect(keys[0]).toMatch(uuid)
      expect(new Set(keys).size).toBe(1)
      // Without it, a POST is sent once.
      const plain = yield* run([{ status: 503 }, { status: 200 }], (http) => http.post(url, { json: {} }))
      expect(plain.seen).toHaveLength(1)
      expect(plain.seen[0]!.headers["idempotency-key"]).toBeUndefined()
    }))

  it.effect("as a session option each request gets its own key; a key set in headers wins", () =>
    Effect.gen(function* () {
      const calls: Array<string | undefined> = []
      const layer = MockHttp.layer([MockHttp.post("/orders", (req) => {
        calls.push(req.headers["idempotency-key"])
        return MockHttp.status(201)
      })])
      const shop = Http.make({ baseUrl: "https://shop.test/", idempotencyKey: true })
      yield* Effect.all([shop.post("orders"), shop.post("orders"), shop.post("orders", { headers: { "Idempotency-Key": "mine" } })]).pipe(
        Effect.provide(layer)
      )
      expect(calls[0]).toMatch(uuid)
      expect(calls[1]).toMatch(uuid)
      expect(calls[0]).not.toBe(calls[1])
      expect(calls[2]).toBe("mine")
    }))
})

describe("Retry.policy: what a policy holds", () => {
  it("the defaults: 2 retries from 200 ms doubling to 10 s with jitter, the idempotent methods, the transient statuses, connection errors and timeouts, Retry-After up to 60 s", () => {
    const policy = Retry.policy()
    expect([policy.times, Duration.toMillis(policy.base), policy.factor, Duration.toMillis(policy.maxDelay), policy.jitter]).toEqual([2, 200, 2, 10_000, true])
    expect([...policy.methods]).toEqual(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"])
    expect([...policy.statuses]).toEqual([408, 425, 429, 500, 502, 503, 504])
    expect([...policy.errors]).toEqual(["ConnectionError", "TimeoutError"])
    expect(Duration.toMillis(policy.retryAfterMax!)).toBe(60_000)
    expect(policy.while).toBeUndefined()
  })

  it("retryAfter: false ignores Retry-After; a max of its own replaces 60 s", () => {
    expect(Retry.policy({ retryAfter: false }).retryAfterMax).toBeUndefined()
    expect(Duration.toMillis(Retry.policy({ retryAfter: { max: "5 seconds" } }).retryAfterMax!)).toBe(5000)
    expect(Duration.toMillis(Retry.policy({ retryAfter: {} }).retryAfterMax!)).toBe(60_000)
  })

  it("methods are matched in upper case; times is a whole number, never negative", () => {
    expect([...Retry.policy({ methods: ["get", "Post"] }).methods]).toEqual(["GET", "POST"])
    expect(Retry.policy({ times: -3 }).times).toBe(0)
    expect(Retry.policy({ times: 2.7 }).times).toBe(2)
    expect(Retry.none.times).toBe(0)
  })

  it("isPolicy tells a policy from a Schedule or another tagged value", () => {
    expect(Retry.isPolicy(Retry.policy())).toBe(true)
    expect(Retry.isPolicy(Schedule.recurs(2))).toBe(false)
    expect(Retry.isPolicy({ _tag: "Other" })).toBe(false)
    expect(Retry.isPolicy({})).toBe(false)
    expect(Retry.isPolicy(null)).toBe(false)
  })
})
