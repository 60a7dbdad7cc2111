import { expect, it } from "@effect/vitest"
import { Deferred, Duration, Effect, Fiber, Stream } from "effect"
import { Http, Retry } from "effect-requests"
import { MockHttp } from "effect-requests/testing"
import { TestClock, fork, poll } from "#testline"

/** A server that never answers, and says when the request was given up. */
const silent = (interrupted: Deferred.Deferred<void>) =>
  MockHttp.layer([
    MockHttp.any("*", () => Effect.never.pipe(Effect.onInterrupt(() => Deferred.succeed(interrupted, undefined))))
  ])

/** A server that sends headers and one chunk, then stalls the body forever. */
const stalling = (cancelled: Deferred.Deferred<void>) =>
  MockHttp.layer([
    MockHttp.any(
      "*",
      MockHttp.stream(
        Stream.concat(Stream.make(new TextEncoder().encode("{")), Stream.never).pipe(
          Stream.ensuring(Deferred.succeed(cancelled, undefined))
        )
      )
    )
  ])

it.effect("no response within the timeout is a TimeoutError (headers), and the transport is interrupted", () =>
  Effect.gen(function* () {
    const interrupted = yield* Deferred.make<void>()
    const fiber = yield* Http.get("http://127.0.0.1/never", { timeout: "5 seconds", retry: Retry.none }).pipe(
      Effect.provide(silent(interrupted)),
      Effect.flip,
      fork
    )
    yield* TestClock.adjust("4999 millis")
    expect(poll(fiber)).toBeUndefined()
    yield* TestClock.adjust("1 millis")
    const err = yield* Fiber.join(fiber)
    expect(err).toMatchObject({ _tag: "TimeoutError", phase: "headers" })
    expect(err.message).toBe("TimeoutError: no response within 5s (GET http://127.0.0.1/never)")
    yield* Deferred.await(interrupted)
  }))

it.effect("the default timeout is 30 seconds", () =>
  Effect.gen(function* () {
    const interrupted = yield* Deferred.make<void>()
    const fiber = yield* Http.get("http://127.0.0.1/never", { retry: Retry.none }).pipe(Effect.provide(silent(interrupted)), Effect.flip, fork)
    yield* TestClock.adjust("29 seconds")
    expect(poll(fiber)).toBeUndefined()
    yield* TestClock.adjust("1 second")
    expect(yield* Fiber.join(fiber)).toMatchObject({ _tag: "TimeoutError" })
  }))

it.effect("a body that stalls is a TimeoutError (body) within the same deadline, and the body is cancelled", () =>
  Effect.gen(function* () {
    const cancelled = yield* Deferred.make<void>()
    const fiber = yield* Effect.gen(function* () {
      const res = yield* Http.get("http://127.0.0.1/stall", { timeout: "10 seconds" })
      yield* TestClock.adjust("4 seconds")
      return yield* res.text
    }).pipe(Effect.provide(stalling(cancelled)), Effect.flip, fork)
    yield* TestClock.adjust("5999 millis")
    expect(poll(fiber)).toBeUndefined()
    yield* TestClock.adjust("1 millis")
    expect(yield* Fiber.join(fiber)).toMatchObject({ _tag: "TimeoutError", phase: "body" })
    yield* Deferred.await(cancelled)
  }))

it.effect("an infinite timeout waits as long as it takes", () =>
  Effect.gen(function* () {
    const interrupted = yield* Deferred.make<void>()
    const fiber = yield* Http.get("http://127.0.0.1/never", { timeout: Duration.infinity }).pipe(
      Effect.provide(silent(interrupted)),
      fork
    )
    yield* TestClock.adjust("1000 days")
    expect(poll(fiber)).toBeUndefined()
    yield* Fiber.interrupt(fiber)
    yield* Deferred.await(interrupted)
  }))

it.effect("a timeout, redirect limit or size limit that is not one is an InvalidRequest, not a crash", () =>
  Effect.gen(function* () {
    const bad: ReadonlyArray<Http.Options> = [
      { timeout: "soon" as Duration.DurationInput },
      { timeout: -1 },
      { redirects: -1 },
      { redirects: 1.5 },
      { maxBodySize: Number.NaN }
    ]
    for (const options of bad) {
      const err = yield* Http.get("http://127.0.0.1/x", options).pipe(Effect.flip)
      expect(err._tag).toBe("InvalidRequest")
    }
  }).pipe(Effect.provide(silent(Effect.runSync(Deferred.make<void>())))))
