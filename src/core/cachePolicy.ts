/**
 * RFC 9111 rules for a cache: what may be stored, how long it stays fresh,
 * how old it is, and which stored variant a request matches. A cache is
 * private (one session's memory) or shared (a store other sessions and
 * processes read: §3.5, `private`, `s-maxage`, `proxy-revalidate` apply).
 * Every cache, shared or not, serves a response only to a request with
 * the credentials it was made for. Pure functions over plain header
 * records (lower-case names).
 *
 * @internal
 */
import { parseHttpDate } from "./httpDate.js"
import { isSensitiveHeader } from "./redact.js"
import { sha256Hex } from "./sha256.js"

/** A stored response and what its freshness is computed from. @internal */
export interface Entry {
  readonly url: string
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: Uint8Array
  /** The request's values of the headers its Vary names. */
  readonly varying: Readonly<Record<string, string | undefined>>
  /** The fingerprint of the credentials the request carried (`credentialOf`); undefined for none. */
  readonly credential?: string | undefined
  /** Clock millis when the request was sent and the response arrived. */
  readonly requestTime: number
  readonly responseTime: number
}

type Headers = Readonly<Record<string, string | undefined>>

/** Directives of a Cache-Control header: name → value (`true` when it has none). @internal */
export const directives = (header: string | undefined): ReadonlyMap<string, string | true> => {
  const out = new Map<string, string | true>()
  if (header === undefined) return out
  for (const part of header.split(",")) {
    const eq = part.indexOf("=")
    const name = (eq === -1 ? part : part.slice(0, eq)).trim().toLowerCase()
    if (name === "") continue
    const value = eq === -1 ? true : part.slice(eq + 1).trim().replace(/^"(.*)"$/, "$1")
    if (!out.has(name)) out.set(name, value)
  }
  return out
}

/** A delta-seconds directive value, or undefined when absent or malformed. @internal */
export const seconds = (value: string | true | undefined): number | undefined =>
  /^\d+$/.test(String(value)) ? Math.min(Number(value), 2 ** 31) : undefined


// RFC 9110 §15.1: statuses a cache may store on heuristics alone.
const heuristicallyCacheable = new Set([200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501])
// Statuses this cache stores at all (partial content is not handled).
const storableStatus = new Set([...heuristicallyCacheable, 302, 303, 307])

// The members of a comma-separated header (Vary, Connection, Content-Encoding), lower-case.
const members = (header: string | undefined): Array<string> =>
  header === undefined ? [] : header.split(",").map((member) => member.trim().toLowerCase()).filter((member) => member !== "")

/**
 * Whether a response to a GET may be stored (RFC 9111 §3, §3.5): not
 * `no-store` on either side, not `Vary: *`, with an explicit lifetime, a
 * validator-free heuristic allowed, or `public`; with `Authorization`
 * on the request only when the response says it may be shared. A shared
 * cache also never stores `private` (§5.2.2.7), nor a response that sets a
 * cookie: that cookie is one user's.
 *
 * @internal
 */
export const storable = (requestHeaders: Headers, status: number, headers: Headers, shared = false): boolean => {
  if (!storableStatus.has(status)) return false
  const response = directives(headers["cache-control"])
  if (response.has("no-store") || directives(requestHeaders["cache-control"]).has("no-store")) return false
  if (members(headers["vary"]).includes("*")) return false
  if (requestHeaders["authorization"] !== undefined &&
    !(response.has("public") || response.has("must-revalidate") || response.has("s-maxage"))) return false
  if (shared && (response.has("private") || headers["set-cookie"] !== undefined)) return false
  return response.has("max-age") || headers["expires"] !== undefined || response.has("public") ||
    response.has("no-cache") || heuristicallyCacheable.has(status) || (shared && response.has("s-maxage"))
}

/**
 * A fingerprint of the credentials a request carries: every header on the
 * library's secret list (`Authorization`, `Cookie`, `X-Api-Key`, …), as a
 * SHA-256 digest so that a store never holds the secrets themselves;
 * undefined when there are none. A stored response answers only requests
 * with the same fingerprint.
 *
 * @internal
 */
export const credentialOf = (requestHeaders: Headers): string | undefined => {
  let parts: Array<string> | undefined
  for (const name of Object.keys(requestHeaders).sort()) {
    const value = requestHeaders[name]
    if (value === undefined || !isSensitiveHeader(name)) continue
    ;(parts ??= []).push(`${name.toLowerCase()}:${value}`)
  }
  return parts === undefined ? undefined : sha256Hex(`effect-requests credential\n${parts.join("\n")}`)
}

/**
 * How long the response stays fresh, in millis (RFC 9111 §4.2.1): in a
 * shared cache s-maxage, then max-age, else Expires − Date, else 10% of
 * the time since Last-Modified, else 0.
 *
 * @internal
 */
export const lifetime = (entry: Entry, shared = false): number => {
  const cc = directives(entry.headers["cache-control"])
  const maxAge = (shared ? seconds(cc.get("s-maxage")) : undefined) ?? seconds(cc.get("max-age"))
  if (maxAge !== undefined) return maxAge * 1000
  const served = parseHttpDate(entry.headers["date"], entry.responseTime) ?? entry.responseTime
  if (entry.headers["expires"] !== undefined) {
    const expires = parseHttpDate(entry.headers["expires"], entry.responseTime)
    return expires === undefined ? 0 : Math.max(0, expires - served)
  }
  const modified = parseHttpDate(entry.headers["last-modified"], entry.responseTime)
  if (modified !== undefined && (heuristicallyCacheable.has(entry.status) || cc.has("public"))) {
    return Math.max(0, (served - modified) / 10)
  }
  return 0
}

/** The response's age now, in millis (RFC 9111 §4.2.3). @internal */
export const age = (entry: Entry, now: number): number => {
  const served = parseHttpDate(entry.headers["date"], entry.responseTime) ?? entry.responseTime
  const apparent = Math.max(0, entry.responseTime - served)
  const ageHeader = entry.headers["age"]
  // An Age that is not one non-negative integer (repeated, negative, with a
  // parameter) cannot be trusted: the response counts as stale.
  if (ageHeader !== undefined && !/^\d+$/.test(ageHeader.trim())) return Infinity
  const ageValue = (seconds(ageHeader?.trim()) ?? 0) * 1000
  const corrected = ageValue + (entry.responseTime - entry.requestTime)
  return Math.max(apparent, corrected) + (now - entry.responseTime)
}

/**
 * Whether a stored variant answers this request (RFC 9111 §4.1): the same
 * values of the headers its Vary names, and the same credentials
 * (`credential`, the request's `credentialOf`).
 *
 * @internal
 */
export const matchesVary = (entry: Pick<Entry, "varying" | "credential">, requestHeaders: Headers, credential: string | undefined): boolean => {
  if (entry.credential !== credential) return false
  for (const name of Object.keys(entry.varying)) {
    if ((requestHeaders[name] ?? undefined) !== entry.varying[name]) return false
  }
  return true
}

/** The request header values a response's Vary names. @internal */
export const varying = (requestHeaders: Headers, responseHeaders: Headers): Record<string, string | undefined> => {
  const out: Record<string, string | undefined> = {}
  for (const name of members(responseHeaders["vary"])) out[name] = requestHeaders[name]
  return out
}

// Fields that describe the stored body itself: a 304 does not replace them.
const keptOn304 = new Set(["content-length", "content-encoding", "transfer-encoding", "content-range", "content-md5", "etag"])

/** A stored response's headers updated by a 304 (RFC 9111 §3.2). @internal */
export const merge304 = (stored: Headers, fresh: Headers): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(stored)) if (value !== undefined) out[name] = value
  for (const [name, value] of Object.entries(fresh)) {
    if (value === undefined || keptOn304.has(name)) continue
    out[name] = value
  }
  return out
}

const hopByHop = ["connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade"]
// The codings both transports decode: a body stored after them is plain.
const decoded = new Set(["gzip", "x-gzip", "deflate", "br", "identity"])

/**
 * The header fields to store with a response's (already decoded) body:
 * without hop-by-hop fields and those its Connection header lists
 * (RFC 9111 §3.1), and without a Content-Encoding the transport undid.
 *
 * @internal
 */
export const storedHeaders = (headers: Headers, bodyLength: number): Record<string, string> => {
  // Content-Length is set below, to the stored body's.
  const drop = new Set([...hopByHop, ...members(headers["connection"])])
  if (members(headers["content-encoding"]).every((coding) => decoded.has(coding))) drop.add("content-encoding")
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !drop.has(name)) out[name] = value
  out["content-length"] = String(bodyLength)
  return out
}

// An entity tag without its weakness: If-None-Match compares weakly (RFC 9110 §13.1.2).
const opaque = (tag: string): string => tag.trim().replace(/^W\//, "")

/**
 * Whether a fresh stored response satisfies the request's own conditional
 * headers, so the cache can answer 304 itself (RFC 9110 §13.2.2:
 * If-None-Match wins over If-Modified-Since).
 *
 * @internal
 */
export const notModified = (entry: Entry, requestHeaders: Headers): boolean => {
  const ifNoneMatch = requestHeaders["if-none-match"]
  const etag = entry.headers["etag"]
  if (ifNoneMatch !== undefined) {
    if (etag === undefined) return false
    const wanted = ifNoneMatch.split(",").map(opaque)
    return wanted.includes("*") || wanted.includes(opaque(etag))
  }
  const since = parseHttpDate(requestHeaders["if-modified-since"], entry.responseTime)
  const modified = parseHttpDate(entry.headers["last-modified"] ?? entry.headers["date"], entry.responseTime)
  // Without a date on either side nothing says "not modified".
  return (modified ?? Infinity) <= (since ?? -Infinity)
}

/** The fields a 304 made from a stored response carries (RFC 9110 §15.4.5). @internal */
export const notModifiedHeaders = (headers: Headers): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const name of ["etag", "cache-control", "content-location", "date", "expires", "vary", "last-modified"]) {
    const value = headers[name]
    if (value !== undefined) out[name] = value
  }
  return out
}

/**
 * Whether the request's own directives accept a stored response this old
 * with this lifetime: `no-cache` or `max-age` it has outlived asks for
 * revalidation, `min-fresh` for more freshness left than it has.
 *
 * @internal
 */
export const requestAccepts = (requestCc: ReadonlyMap<string, string | true>, ageMillis: number, lifetimeMillis: number): boolean => {
  if (requestCc.has("no-cache")) return false
  const maxAge = seconds(requestCc.get("max-age"))
  if (maxAge === 0 || ageMillis > (maxAge ?? Infinity) * 1000) return false
  const minFresh = seconds(requestCc.get("min-fresh"))
  return minFresh === undefined || lifetimeMillis - ageMillis >= minFresh * 1000
}
