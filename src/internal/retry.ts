/**
 * The retry loop around one attempt. It is entered only after a failure, so
 * a request that succeeds pays nothing for it.
 *
 * @internal
 */
import * as Effects from "#line/effect"
import type * as HttpClient from "#line/http/HttpClient"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import * as Schedule from "effect/Schedule"
import type * as Http from "./types.js"
import type * as HttpError from "../HttpError.js"
import { isHttpError } from "../HttpError.js"
import * as Retry from "../Retry.js"
import * as Budget from "../core/budget.js"
import { pause } from "./pause.js"
import { redactUrl } from "../core/redact.js"
import * as Metrics from "./metrics.js"
import type { Prepared } from "./prepare.js"
import { isTransient } from "./transient.js"
import * as PlatformCall from "./platformCall.js"

type Attempt = Effect.Effect<Http.Response, HttpError.HttpError, HttpClient.HttpClient>


/**
 * A copy of the error that says how many attempts were made. Errors are
 * values: the one a caller may still hold is not changed.
 *
 * @internal
 */
export const withAttempts = <E extends HttpError.HttpError>(error: E, attempts: number): E => {
  if (attempts <= 1) return error
  const copy = Object.create(Object.getPrototypeOf(error)) as E
  Object.assign(copy, error, { attempts })
  // Error keeps `cause` and `stack` as non-enumerable own properties; a
  // StatusError may keep the response it answers with (platformCall.ts).
  for (const key of ["cause", "stack", PlatformCall.answerKey] as const) {
    const descriptor = Object.getOwnPropertyDescriptor(error, key)
    if (descriptor !== undefined) Object.defineProperty(copy, key, descriptor)
  }
  return copy
}

const isRefused = (error: HttpError.HttpError): boolean => {
  if (error._tag !== "ConnectionError") return false
  const cause = error.cause as { code?: unknown; cause?: { code?: unknown } } | undefined
  return cause?.code === "ECONNREFUSED" || cause?.cause?.code === "ECONNREFUSED"
}

// A refused connection never reached the server, so even a POST is safe to
// send again (httpx's rule).
const isSafeToResend = (policy: Retry.Policy, prepared: Prepared, error: HttpError.HttpError): boolean =>
  policy.methods.has(prepared.method.toUpperCase()) ||
  prepared.request.headers["idempotency-key"] !== undefined ||
  isRefused(error)

/**
 * The policy's wait before retry number `retry`: its backoff, or with full
 * jitter a uniform pick in [0, backoff] from Effect's Random.
 *
 * @internal
 */
export const backoffWait = (policy: Retry.Policy, retry: number): Effect.Effect<Duration.Duration> => {
  const ceiling = Retry.backoff(policy, retry)
  return policy.jitter
    ? Effect.map(Random.next, (u) => Duration.millis(Math.floor(u * (Duration.toMillis(ceiling) + 1))))
    : Effect.succeed(ceiling)
}

/**
 * How long to wait before retry number `retry`, or undefined to stop.
 *
 * @internal
 */
export const decide = (
  policy: Retry.Policy,
  prepared: Prepared,
  error: HttpError.HttpError,
  retry: number
): Effect.Effect<Duration.Duration | undefined> => {
  if (
    retry > policy.times || !prepared.replayable || !isTransient(policy, error) ||
    !isSafeToResend(policy, prepared, error)
  ) {
    return Effect.succeed(undefined)
  }
  const asked = error._tag === "StatusError" && policy.retryAfterMax !== undefined ? error.retryAfter : undefined
  if (asked !== undefined && Duration.toMillis(asked) > Duration.toMillis(policy.retryAfterMax!)) return Effect.succeed(undefined)
  const jittered = backoffWait(policy, retry)
  return asked === undefined ? jittered : Effect.map(jittered, (wait) => Duration.max(wait, asked))
}

const retryGranted = (budgets: Budget.Budgets, prepared: Prepared, now: number): boolean => {
  const granted = budgets.takeRetry(prepared.url.origin, now)
  if (granted) Metrics.recordRetry(prepared.method)
  return granted
}

const withPolicy = (attempt: Attempt, prepared: Prepared, policy: Retry.Policy, budgets: Budget.Budgets, deadline: number): Attempt => {
  // A middleware's own error is no HttpError: never retried.
  const loop = (error: HttpError.HttpError, attempts: number): Attempt =>
    !isHttpError(error) ? Effect.fail(error) : Effect.flatMap(decide(policy, prepared, error, attempts), (wait) =>
      wait === undefined
        ? Effect.fail(withAttempts(error, attempts))
        : Effect.flatMap(Clock.currentTimeMillis, (now) =>
          // A retry that would start past the call's deadline is not started.
          now + Duration.toMillis(wait) < deadline && retryGranted(budgets, prepared, now)
            ? Effect.andThen(pause(wait, `a retry of ${prepared.method} ${redactUrl(prepared.url.href)}`), Effects.catchAll(attempt, (next) => loop(next, attempts + 1)))
            : Effect.fail(withAttempts(error, attempts))))
  return Effects.onFailure(attempt, (error) => loop(error, 1))
}

const withSchedule = (
  attempt: Attempt,
  prepared: Prepared,
  schedule: Schedule.Schedule<unknown, HttpError.HttpError>,
  budgets: Budget.Budgets
): Attempt =>
  Effects.onFailure(attempt, (first) =>
    !prepared.replayable || !isHttpError(first) ? Effect.fail(first) : Effect.flatMap(Effects.scheduleStepper(schedule), (step) => {
      const loop = (error: HttpError.HttpError, attempts: number): Attempt =>
        !isHttpError(error) ? Effect.fail(error) : Effect.flatMap(step(error), (again) =>
          !again
            ? Effect.fail(withAttempts(error, attempts))
            : Effect.flatMap(Clock.currentTimeMillis, (now) =>
              retryGranted(budgets, prepared, now)
                ? Effects.catchAll(attempt, (next) => loop(next, attempts + 1))
                : Effect.fail(withAttempts(error, attempts))))
      return loop(first, 1)
    }))

/**
 * One attempt, retried as the request's `retry` option says, within the
 * session's retry budget: the request is counted in it (at `now`), and
 * each retry taken from it.
 *
 * @internal
 */
export const retrying = (attempt: Attempt, prepared: Prepared, budgets: Budget.Budgets, now: number, deadline = Infinity): Attempt => {
  // Without a budget there is nothing to count (and an origin costs a string).
  if (budgets !== Budget.unlimited) budgets.recordRequest(prepared.url.origin, now)
  const retry = prepared.retry
  return Retry.isPolicy(retry)
    ? retry.times === 0 ? attempt : withPolicy(attempt, prepared, retry, budgets, deadline)
    : withSchedule(attempt, prepared, retry, budgets)
}
