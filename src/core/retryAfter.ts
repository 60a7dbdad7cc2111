/**
 * `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP-date.
 *
 * @internal
 */
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
  // Only the date forms: Date.parse would also take "1" or "-5" as years.
  if (!/^[A-Za-z]{3},? /.test(trimmed)) return undefined
  const at = Date.parse(trimmed)
  if (Number.isNaN(at)) return undefined
  return Math.max(0, at - nowMillis)
}
