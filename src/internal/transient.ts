/**
 * Which failures are passing trouble rather than an answer. Two questions,
 * each asked in one place:
 *
 * - `isOriginFailure`: does this say the origin is in trouble? Connection
 *   errors, timeouts and 5xx do; any other response says it is up. The
 *   circuit breaker counts these, and `stale-if-error` serves over them.
 * - `isTransient`: is it worth sending again under a retry policy? What the
 *   policy lists (statuses and error tags, or its `while`). Retries and SSE
 *   reconnections ask this.
 *
 * @internal
 */
import type * as HttpError from "../HttpError.js"
import type * as Retry from "../Retry.js"

/** @internal */
export const isOriginFailure = (error: HttpError.HttpError): boolean =>
  error._tag === "ConnectionError" || error._tag === "TimeoutError" || (error._tag === "StatusError" && error.status >= 500)

/** @internal */
export const isTransient = (policy: Retry.Policy, error: HttpError.HttpError): boolean =>
  (error._tag === "StatusError" && policy.statuses.has(error.status)) ||
  policy.errors.has(error._tag) ||
  (policy.while !== undefined && policy.while(error))
