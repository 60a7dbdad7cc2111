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

// Fields that belong to the connection, which the transport manages: every
// transport refuses them (undici's request and fetch alike), and they would
// otherwise fail after the send began, as a connection error that a retry
// repeats and a circuit breaker counts against a healthy origin.
const connectionFields = new Set(["transfer-encoding", "keep-alive", "upgrade", "expect"])
// `Connection` may only say what every transport can do: close, or keep alive.
const connectionOption = /^\s*(close|keep-alive)\s*$/i

const connectionProblem = (name: string, value: string): string | undefined => {
  if (connectionFields.has(name)) {
    return `header "${name}" is the transport's to send: it manages the connection and the body's framing`
  }
  if (name === "connection" && !value.split(",").every((option) => connectionOption.test(option))) {
    return `header "connection" may only be "close" or "keep-alive": the transport manages the connection`
  }
  return undefined
}

/**
 * The first problem with a set of headers, or undefined when there is none.
 * The value itself is never echoed back: it may be a secret.
 *
 * @internal
 */
export const headerProblem = (headers: Readonly<Record<string, string>>): string | undefined => {
  for (const name of Object.keys(headers)) {
    if (!isToken(name)) return `header name ${JSON.stringify(name)} is not a valid HTTP token`
    const value = headers[name]!
    if (!isSafeHeaderValue(value)) return `header "${name}" contains a control character (CR, LF, NUL…) or one above U+00FF`
    const lower = name.toLowerCase()
    const problem = connectionProblem(lower, value)
    if (problem !== undefined) return problem
    if (lower === "content-length" && !/^\d+$/.test(value)) return `header "content-length" must be a whole number of bytes`
  }
  return undefined
}
