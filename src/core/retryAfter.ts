/**
 * `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP-date.
 *
 * @internal
 */
import { parseHttpDate } from "./httpDate.js"

/**
 * The wait a `Retry-After` value asks for, in milliseconds from `nowMillis`;
 * undefined for garbage or a negative number, so that callers fall back to
 * their own backoff. A date in the past means "now".
 *
 * @internal
 */
export const retryAfterMillis = (value: string | undefined, nowMillis: number): number | undefined => {
  if (value === undefined) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const at = parseHttpDate(trimmed, nowMillis)
  return at === undefined ? undefined : Math.max(0, at - nowMillis)
}
