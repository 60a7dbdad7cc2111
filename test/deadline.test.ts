import { describe, expect, it } from "@effect/vitest"
import { Clock, Effect, Fiber, Stream } from "effect"
import { Http, Retry } from "effect-requests"
import { MockHttp, TestServer } from "effect-requests/testing"
import { eachTransport } from "./helpers.js"
import { fork, TestClock, toEither } from "#testline"

// `deadline`: one bound for the whole call, across attempts, the waits
// between them, redirects and the body. Virtual time (MockHttp under
// TestClock) measures when a call ends; the loopback server shows the
// real transports keep it.

const steady = Retry.policy({ times: 10, base: "200 millis", jitter: false })

/** The call's outcome, and when (virtual millis) it ended. */
const timed = <A, E, R>(call: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const fiber = yield* fork(Effect.zip(toEither(call), Clock.currentTimeMillis))
    yield* TestClock.adjust("1 minute")
    return yield* Fiber.join(fiber)
  })

const slow503 = (delay: Parameters<typeof MockHttp.delay>[0]) => MockHttp.layer([MockHttp.get("/busy", MockHttp.delay(delay, MockHttp.status(503)))])

describe("deadline", () => {
  it.effect("a retry whose wait would end past the deadline is not started: a 503 after 800 ms, retried, ends at 1.8 s of 2", () =>
    Effect.gen(function* () {
      const [outcome, at] = yield* timed(Http.get("https://api.test/busy", { retry: steady, deadline: "2 seconds" }))
      expect(outcome).toMatchObject({ _tag: "Left", left: { _tag: "StatusError", status: 503, attempts: 2 } })
      expect(at).toBe(1800)
      expect((yield* MockHttp.calls).map((call) => call.at)).toEqual([0, 1000])
    }).pipe(Effect.provide(slow503("800 millis"))))

  it.effect("an attempt the deadline cuts short ends the call at the deadline, with a TimeoutError of phase deadline", () =>
    Effect.gen(function* () {
      const [outcome, at] = yield* timed(Http.get("https://api.test/busy", { retry: steady, deadline: "2 seconds" }))
      expect(at).toBe(2000)
      expect(outcome).toMatchObject({ _tag: "Left", left: { _tag: "TimeoutError", phase: "deadline" } })
      if (outcome._tag === "Left") expect(outcome.left.message).toContain("(deadline)")
      expect((yield* MockHttp.calls).map((call) => call.at)).toEqual([0, 1700])
    }).pipe(Effect.provide(slow503("1500 millis"))))

  it.effect("the attempt's own timeout, when it comes first, keeps its phase", () =>
    Effect.gen(function* () {
      const [outcome] = yield* timed(Http.get("https://api.test/busy", { retry: Retry.none, timeout: "1 second", deadline: "10 seconds" }))
      expect(outcome).toMatchObject({ _tag: "Left", left: { _tag: "TimeoutError", phase: "headers" } })
    }).pipe(Effect.provide(slow503("5 seconds"))))

  it.effect("a body read past the deadline fails as the call's", () =>
    Effect.gen(function* () {
      const read = Effect.flatMap(Http.get("https://api.test/slow-body", { deadline: "1 second" }), (res) => res.text)
      const [outcome, at] = yield* timed(read)
      expect(outcome).toMatchObject({ _tag: "Left", left: { _tag: "TimeoutError", phase: "deadline" } })
      expect(at).toBe(1000)
    }).pipe(Effect.provide(MockHttp.layer([
      MockHttp.get("/slow-body", MockHttp.stream(Stream.concat(Stream.make(new Uint8Array([104])), Stream.fromEffect(Effect.as(Effect.sleep("5 seconds"), new Uint8Array([105]))))))
    ]))))

  it.effect("a session's deadline holds for each request; a request's own replaces it", () =>
    Effect.gen(function* () {
      const session = Http.make({ retry: steady, deadline: "1 second" })
      const [short, shortAt] = yield* timed(session.get("https://api.test/busy"))
      expect(short).toMatchObject({ _tag: "Left", left: { _tag: "TimeoutError", phase: "deadline" } })
      expect(shortAt).toBe(1000)
      const [long, longAt] = yield* timed(session.get("https://api.test/busy", { deadline: "2 seconds" }))
      expect(long).toMatchObject({ _tag: "Left", left: { _tag: "TimeoutError", phase: "deadline" } })
      expect(longAt).toBe(60_000 + 2000)
    }).pipe(Effect.provide(slow503("1500 millis"))))

  it.effect("a deadline that is not a duration is an InvalidRequest before anything is sent", () =>
    Effect.gen(function* () {
      const error = yield* Http.get("https://api.test/busy", { deadline: -1 }).pipe(Effect.flip)
      expect(error).toMatchObject({ _tag: "InvalidRequest", reason: "deadline is not a valid duration" })
      expect(yield* MockHttp.calls).toEqual([])
    }).pipe(Effect.provide(slow503("1 second"))))
})

eachTransport((e2e, transport) => {
  describe(`deadline over ${transport}`, () => {
    it.scopedLive("a server slower than the deadline ends the call with a TimeoutError of phase deadline", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const error = yield* Http.get(`${base}/delay/3`, { deadline: "300 millis" }).pipe(Effect.flip)
        expect(error).toMatchObject({ _tag: "TimeoutError", phase: "deadline" })
      }).pipe(Effect.provide(e2e)))
  })
})
