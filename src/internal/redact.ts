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

const isSensitiveParam = (rawName: string): boolean => {
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
    return isSensitiveParam(pair.slice(0, eq)) ? `${pair.slice(0, eq)}=${REDACTED}` : pair
  }).join("&")

const authority = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)@/i

/**
 * Redacts the password of a URL's userinfo (or the whole userinfo when it is
 * a lone token, as in `https://TOKEN@host`) and the values of credential
 * query and fragment parameters. Works on strings that do not parse as URLs,
 * because an invalid URL is exactly what ends up in an `InvalidUrl` message.
 *
 * @internal
 */
export const redactUrl = (url: string): string => {
  let out = url.replace(authority, (_, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(":")
    return colon === -1
      ? `${scheme}${REDACTED}@`
      : `${scheme}${userinfo.slice(0, colon)}:${REDACTED}@`
  })
  const hash = out.indexOf("#")
  const query = out.indexOf("?")
  if (hash !== -1) {
    out = out.slice(0, hash + 1) + redactParams(out.slice(hash + 1))
  }
  if (query !== -1 && (hash === -1 || query < hash)) {
    const end = hash === -1 ? out.length : out.indexOf("#")
    out = out.slice(0, query + 1) + redactParams(out.slice(query + 1, end)) + out.slice(end)
  }
  return out
}

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
