/**
 * Redaction of secrets in URLs and headers. Every error field, message and
 * `toJSON` goes through here, so a credential never reaches a log line.
 *
 * @internal
 */

/** What a secret prints as. */
export const REDACTED = "<redacted>"

const sensitiveHeaderNames = new Set([
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "x-api-key",
  "api-key",
  "x-auth-token"
])

/** @internal */
export const isSensitiveHeader = (name: string): boolean => sensitiveHeaderNames.has(name.toLowerCase())

// Query parameter names that carry credentials in practice: OAuth tokens,
// API keys, presigned-URL signatures (X-Amz-Signature, X-Amz-Credential), passwords.
const sensitiveParam = /token|secret|passw|signature|credential|api[-_]?key|(^|[-_])auth($|[-_])|session/i
const sensitiveParamExact = new Set(["key", "sig", "pwd", "pass", "code_verifier"])

/**
 * Whether a name (a query parameter's, a JSON field's) is one that carries
 * credentials in practice.
 *
 * @internal
 */
export const isSensitiveName = (rawName: string): boolean => {
  let name = rawName
  try {
    name = decodeURIComponent(rawName.replace(/\+/g, " "))
  } catch {
    // a malformed escape is still a name we can test as it is
  }
  return sensitiveParam.test(name) || sensitiveParamExact.has(name.toLowerCase())
}

const redactParams = (params: string): string =>
  params.split("&").map((pair) => {
    const eq = pair.indexOf("=")
    if (eq === -1) return pair
    return isSensitiveName(pair.slice(0, eq)) ? `${pair.slice(0, eq)}=${REDACTED}` : pair
  }).join("&")

// What may stand before a URL's authority: blanks and controls the parser
// strips, a scheme, and any number of slashes and backslashes (WHATWG
// parsing reads "http:host", "http:\\host" and "http://host" alike).
// Every part is optional, so `exec` always matches at 0 (no "^" needed).
// eslint-disable-next-line no-control-regex -- the controls are what is matched
const beforeAuthority = /[\s\0-\x1f]*(?:[a-z][a-z0-9+.-]*:)?[/\\]*/i
const authorityEnd = /[/?#\\]/

const redactUserinfo = (userinfo: string): string => {
  const colon = userinfo.indexOf(":")
  // A lone token (`https://TOKEN@host`) is the secret itself.
  if (colon === -1) return REDACTED
  const user = userinfo.slice(0, colon)
  return authorityEnd.test(user) ? REDACTED : `${user}:${REDACTED}`
}

/**
 * The URL with anything that could be userinfo redacted. A string that
 * parses has its userinfo before the first "/", "?", "#" or "\". One that
 * does not parse (the very string an `InvalidUrl` carries) may have a
 * password with those characters in it: when the authority holds a ":"
 * (a password, or a port: it cannot be told), everything up to the last
 * "@" counts as userinfo. Over-redacting an "@" in the path of a URL with
 * a port is the price of never printing a password.
 */
const redactAuthority = (url: string): string => {
  const at = url.lastIndexOf("@")
  const start = beforeAuthority.exec(url)![0].length
  // No "@" at all (-1): nothing before an authority can hold one.
  if (at < start) return url
  const endOffset = url.slice(start).search(authorityEnd)
  const end = endOffset === -1 ? url.length : start + endOffset
  // Past the authority, an "@" ends userinfo only if the authority could hold a password.
  // Stryker disable next-line EqualityOperator: the character at `end` is one of "/?#\", never the "@".
  if (at >= end && !url.slice(start, end).includes(":")) return url
  return url.slice(0, start) + redactUserinfo(url.slice(start, at)) + url.slice(at)
}

/**
 * Redacts the password of a URL's userinfo (or the whole userinfo when it is
 * a lone token, as in `https://TOKEN@host`) and the values of credential
 * query and fragment parameters. Works on strings that do not parse as URLs,
 * because an invalid URL is exactly what ends up in an `InvalidUrl` message.
 *
 * @internal
 */
export const redactUrl = (url: string): string => {
  let out = redactAuthority(url)
  const hash = out.indexOf("#")
  const query = out.indexOf("?")
  if (hash !== -1) {
    out = out.slice(0, hash + 1) + redactParams(out.slice(hash + 1))
  }
  // Stryker disable next-line EqualityOperator: "?" and "#" are never at the same index
  if (query !== -1 && (hash === -1 || query < hash)) {
    const end = hash === -1 ? out.length : out.indexOf("#")
    out = out.slice(0, query + 1) + redactParams(out.slice(query + 1, end)) + out.slice(end)
  }
  return out
}

// A URL inside free text (a runtime's error message): from its scheme to the next blank.
// Stryker disable next-line Regex: a match that starts inside the scheme reaches the same authority
const urlInText = /[a-z][a-z0-9+.-]*:[^\s"'<>]*/gi

/**
 * Free text (an error message from the runtime or a library) with every
 * URL in it redacted as `redactUrl` does.
 *
 * @internal
 */
export const redactText = (text: string): string => text.replace(urlInText, redactUrl)

/**
 * A plain record of headers with lower-case names in which every sensitive
 * value reads `<redacted>`.
 *
 * @internal
 */
export const redactHeaders = (
  headers: Readonly<Record<string, string>>
): Readonly<Record<string, string>> => {
  const out: Record<string, string> = {}
  for (const name of Object.keys(headers)) {
    out[name] = isSensitiveHeader(name) ? REDACTED : headers[name]!
  }
  return out
}

// An Error from another realm (a VM context, a worker) fails instanceof.
const isErrorLike = (u: unknown): u is { readonly name?: unknown; readonly message: string; readonly code?: unknown } =>
  u instanceof Error || (typeof u === "object" && u !== null && typeof (u as { message?: unknown }).message === "string")

// String() throws for an object without a usable toString (Object.create(null)).
const printable = (u: unknown): string => {
  try {
    return String(u)
  } catch {
    return Object.prototype.toString.call(u)
  }
}

/**
 * A failure's cause as an error message may show it: an error's name, code
 * and message, or the value as text, secrets redacted (a runtime's message
 * may quote the URL it was given, password and all). Never throws.
 *
 * @internal
 */
export const describeCause = (cause: unknown): unknown => {
  if (isErrorLike(cause)) {
    const name = typeof cause.name === "string" ? cause.name : "Error"
    const message = redactText(cause.message)
    return cause.code === undefined ? { name, message } : { name, code: cause.code, message }
  }
  return cause === undefined ? undefined : redactText(printable(cause))
}
