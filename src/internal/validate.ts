/**
 * Checks that keep a request from injecting bytes into the wire: a method
 * must be an RFC 9110 token, a header name a token, and a header value free
 * of CR, LF and NUL. They run before anything is sent.
 *
 * @internal
 */

const token = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
// RFC 9110 field-value: visible ASCII, obs-text, space and tab; never CR, LF or NUL.
const forbiddenInValue = /[\r\n\0]/

/** @internal */
export const isToken = (s: string): boolean => token.test(s)

/** @internal */
export const isSafeHeaderValue = (s: string): boolean => !forbiddenInValue.test(s)

/**
 * The first problem with a set of headers, or undefined when there is none.
 * The value itself is never echoed back: it may be a secret.
 *
 * @internal
 */
export const headerProblem = (headers: Readonly<Record<string, string>>): string | undefined => {
  for (const name of Object.keys(headers)) {
    if (!isToken(name)) return `header name ${JSON.stringify(name)} is not a valid HTTP token`
    if (!isSafeHeaderValue(headers[name]!)) return `header "${name}" contains CR, LF or NUL`
  }
  return undefined
}
