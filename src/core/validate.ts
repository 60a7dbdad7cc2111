/**
 * Checks that keep a request from injecting bytes into the wire: a method
 * must be an RFC 9110 token, a header name a token, and a header value made
 * of visible characters, spaces, tabs and obs-text only (no CR, LF, NUL or
 * other control, nothing above U+00FF). They run before anything is sent.
 *
 * @internal
 */

const token = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
// RFC 9110 field-value: visible ASCII, obs-text (0x80–0xFF), space and tab.
// CR, LF and NUL would inject bytes; other controls and characters above
// U+00FF cannot be sent at all (undici refuses them after the request has
// started, as a connection error that a retry repeats).
// eslint-disable-next-line no-control-regex -- the controls are what is refused
const forbiddenInValue = /[\0-\x08\x0a-\x1f\x7f\u0100-\uffff]/

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
    if (!isSafeHeaderValue(headers[name]!)) return `header "${name}" contains a control character (CR, LF, NUL…) or one above U+00FF`
  }
  return undefined
}
