/**
 * What a session puts around each attempt, per origin: a circuit breaker,
 * the pause a 429's Retry-After asks of the whole origin, a rate limit and a
 * concurrency cap. Only what the session configured is composed in; the
 * 429 pause costs a map lookup.
 *
 * @internal
 */
import * as Effects from "#line/effect"
import * as Modules from "#line/persistence/modules"
import type * as RateLimiter from "#line/persistence/RateLimiter"
import type * as HttpClient from "#line/http/HttpClient"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Http from "./types.js"
import * as HttpError from "../HttpError.js"
import * as Circuit from "./circuit.js"
import * as Config from "./config.js"
import { perOrigin } from "../core/perOrigin.js"
import type { Prepared } from "./prepare.js"
import { pause } from "./pause.js"

type Attempt = Effect.Effect<Http.Response, HttpError.HttpError, HttpClient.HttpClient>

/** @internal */
export type Gate = (prepared: Prepared, attempt: Attempt) => Attempt

// A Retry-After on a 429 pauses the origin for everyone, but never longer
// than this: a server asking for an hour should not freeze a whole session.
const MAX_PAUSE_MILLIS = 60_000

let sessions = 0

const pauses = (): Gate => {
  const pausedUntil = new Map<string, number>()
  return (prepared, attempt) => {
    const origin = prepared.url.origin
    const remember = Effects.onFailure(attempt, (error) =>
      error._tag === "StatusError" && error.status === 429 && error.retryAfter !== undefined
        ? Effect.flatMap(Clock.currentTimeMillis, (now) => {
          const until = now + Math.min(Duration.toMillis(error.retryAfter!), MAX_PAUSE_MILLIS)
          pausedUntil.set(origin, Math.max(until, pausedUntil.get(origin) ?? 0))
          return Effect.fail(error)
        })
        : Effect.fail(error))
    if (pausedUntil.size === 0) return remember
    return Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const until = pausedUntil.get(origin)
      if (until === undefined) return remember
      if (until <= now) {
        pausedUntil.delete(origin)
        return remember
      }
      // The pause is part of the wait for a response: one that outlasts the
      // request's timeout fails now, not after the pause.
      if (until - now >= prepared.timeoutMillis) {
        return Effect.fail(
          new HttpError.TimeoutError({
            method: prepared.method,
            url: prepared.url.href,
            timeout: Duration.millis(prepared.timeoutMillis),
            phase: "headers"
          })
        )
      }
      return Effect.andThen(pause(Duration.millis(until - now), `the 429 pause of ${prepared.url.origin}`), remember)
    })
  }
}

const refuse = (reason: string): Gate => (prepared) =>
  Effect.fail(new HttpError.InvalidRequest({ method: prepared.method, url: prepared.url.href, reason }))

const rateLimited = (options: Http.RateLimitOptions): Gate => {
  if (!(Number.isInteger(options.limit) && options.limit > 0)) return refuse("rateLimit.limit must be a positive whole number")
  if (!(Config.toMillis(options.interval) > 0)) return refuse("rateLimit.interval must be a positive duration")
  // Made on first use: on effect 3 its module is an optional peer's, loaded then.
  let own: RateLimiter.RateLimiter | undefined
  const key = Config.own(options, "key") ?? `effect-requests/session-${++sessions}`
  const consume = {
    limit: options.limit,
    window: options.interval,
    algorithm: Config.own(options, "algorithm") ?? "fixed-window",
    onExceeded: "delay"
  } as const
  return (prepared, attempt) =>
    Effect.flatMap(Effect.mapError(Modules.rateLimiter, (reason) => new HttpError.InvalidRequest({ method: prepared.method, url: prepared.url.href, reason })), (Limiters) => Effect.flatMap(Effect.serviceOption(Limiters.RateLimiter), (shared) => {
      const limiter = shared._tag === "Some" ? shared.value : own ??= Effect.runSync(Effect.provide(Limiters.make, Limiters.layerStoreMemory))
      return limiter.consume({ ...consume, key: `${key}:${prepared.url.origin}` }).pipe(
        Effect.flatMap((result) => Duration.isZero(result.delay) ? Effect.void : pause(result.delay, "the session's rate limit")),
        // A store that cannot answer (Redis down) lets requests through
        // rather than failing every call of the application.
        (consumed) => Effects.catchAll(consumed, () => Effect.void),
        Effect.andThen(attempt)
      )
    }))
}

const concurrencyCapped = (max: number): Gate => {
  if (!(Number.isInteger(max) && max > 0)) return refuse("maxConcurrent must be a positive whole number")
  const semaphore = perOrigin(() => Effects.makeSemaphore(max))
  return (prepared, attempt) => semaphore(prepared.url.origin).withPermits(1)(attempt)
}

const circuitBroken = (options: Http.CircuitBreakerOptions): Gate => {
  if (!(Number.isInteger(options.failureThreshold) && options.failureThreshold > 0)) {
    return refuse("circuitBreaker.failureThreshold must be a positive whole number")
  }
  if (!(Config.toMillis(options.resetAfter) >= 0)) return refuse("circuitBreaker.resetAfter must be a duration")
  const breakers = Circuit.byOrigin(options.failureThreshold, Config.toMillis(options.resetAfter))
  return (prepared, attempt) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const breaker = breakers(prepared.url.origin)
      const admitted = breaker.admit(now)
      if (admitted._tag === "Rejected") {
        return Effect.fail(
          new HttpError.CircuitOpen({ method: prepared.method, url: prepared.url.href, retryAfter: Duration.millis(admitted.retryAfterMillis) })
        )
      }
      return Effect.onExit(attempt, (exit) =>
        Effect.map(Clock.currentTimeMillis, (end) => breaker.settle(end, Circuit.outcome(exit), admitted.probe)))
    })
}

/**
 * The gate of a session, composed from its options, outermost first: a
 * circuit that is open fails before anything waits; a paused origin waits
 * before it takes a rate-limit token; a queued attempt holds no token.
 *
 * @internal
 */
export const make = (input: Http.SessionConfig): Gate => {
  const gates: Array<Gate> = []
  const circuitBreaker = Config.own(input, "circuitBreaker")
  const rateLimit = Config.own(input, "rateLimit")
  const maxConcurrent = Config.own(input, "maxConcurrent")
  if (circuitBreaker !== undefined) gates.push(circuitBroken(circuitBreaker))
  gates.push(pauses())
  if (rateLimit !== undefined) gates.push(rateLimited(rateLimit))
  if (maxConcurrent !== undefined) gates.push(concurrencyCapped(maxConcurrent))
  return (prepared, attempt) => gates.reduceRight((inner, gate) => gate(prepared, inner), attempt)
}
