/**
 * Which failures are passing trouble rather than an answer. Two questions,
 * each asked in one place:
 *
 * - `isOriginFailure`: does this say the origin is in trouble? Connection
 *   errors, timeouts and 5xx do; any other response says it is up. The
 *   circuit breaker counts these, and `stale-if-error` serves over them.
 * - `isTransient`: is it worth sending again under a retry policy? What the
 *   policy lists (statuses and error tags, or its `while`), except what is
 *   final (`isFinal`): a certificate that does not verify, a proxy that
 *   refused, a redirect the runtime hid; each is the same every time. Retries and SSE
 *   reconnections ask this.
 *
 * @internal
 */
import type * as HttpError from "../HttpError.js"
import type * as Retry from "../Retry.js"
import { FinalCause, findCause } from "./platformError.js"

/** @internal */
export const isOriginFailure = (error: HttpError.HttpError): boolean =>
  error._tag === "ConnectionError" || error._tag === "TimeoutError" || (error._tag === "StatusError" && error.status >= 500)

// What Node and OpenSSL call a certificate that does not verify.
const certificateCodes: ReadonlySet<unknown> = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_UNTRUSTED",
  "CERT_REVOKED",
  "CERT_SIGNATURE_FAILURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "HOSTNAME_MISMATCH"
])

/**
 * A connection failure that sending again cannot change: the server's
 * certificate does not verify (self-signed, expired, another host's), the
 * proxy refused (407, a CONNECT denied), the runtime hid a redirect.
 *
 * @internal
 */
export const isFinal = (error: HttpError.HttpError): boolean =>
  // Stryker disable next-line ConditionalExpression: only a ConnectionError has a cause; the test narrows the type
  error._tag === "ConnectionError" &&
  findCause(error.cause, (cause, code) => cause instanceof FinalCause || certificateCodes.has(code)) !== undefined

/** @internal */
export const isTransient = (policy: Retry.Policy, error: HttpError.HttpError): boolean =>
  !isFinal(error) && (
    (error._tag === "StatusError" && policy.statuses.has(error.status)) ||
    policy.errors.has(error._tag) ||
    (policy.while !== undefined && policy.while(error))
  )
