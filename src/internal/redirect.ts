/**
 * What the next request of a redirect chain looks like (RFC 9110 §15.4),
 * and what it must no longer carry.
 *
 * @internal
 */
import type * as HttpMethod from "#line/http/HttpMethod"
import * as Headers from "#line/http/Headers"
import * as HttpBody from "#line/http/HttpBody"
import * as HttpClientRequest from "#line/http/HttpClientRequest"
import * as Url from "../core/url.js"
import * as Checked from "../core/checked.js"
import { isSensitiveHeader } from "../core/redact.js"

/**
 * The headers that are credentials of one origin and never follow a
 * redirect to another: every secret the library redacts (Authorization,
 * Proxy-Authorization, Cookie, X-Api-Key, Api-Key, X-Auth-Token), one list
 * for messages, redirects and middleware alike.
 *
 * @internal
 */
export const isCredentialHeader: (name: string) => boolean = isSensitiveHeader

const bodyHeaders = ["content-type", "content-length", "content-encoding", "transfer-encoding"] as const

const strictUtf8 = new TextDecoder("utf-8", { fatal: true })

/**
 * A header value as the server meant it: both transports read header bytes
 * as Latin-1, so a `Location: /café` sent as raw UTF-8 arrives as "/cafÃ©".
 * Bytes that are valid UTF-8 are read as UTF-8 (as browsers do); anything
 * else stays as it came.
 *
 * @internal
 */
export const asUtf8 = (value: string): string => {
  // A character above U+00FF means the runtime decoded the value already.
  if (/[^\0-\xff]/.test(value)) return value
  try {
    return strictUtf8.decode(Uint8Array.from(value, (c) => c.charCodeAt(0)))
  } catch {
    return value
  }
}

/**
 * Where a `Location` points, resolved against the URL that answered.
 * Only http(s): a `Location: unix:/…` or `file:` (got CVE-2022-33987) is
 * refused rather than followed. Userinfo in it is dropped: a server does
 * not choose the credentials the client sends, and a password would
 * otherwise show in `res.url` and in messages.
 *
 * @internal
 */
export const locationUrl = (location: string, current: URL): Checked.Checked<URL, string> => {
  const parsed = Url.parseHttpUrl(asUtf8(location), current)
  if (parsed._tag === "Refused") return Checked.refused(`redirect Location: ${parsed.reason}`)
  const url = parsed.value
  url.username = ""
  url.password = ""
  // RFC 9110 §10.2.2: a Location without a fragment keeps the one the
  // request had, so `res.url` still names the part of the page asked for.
  if (!location.includes("#")) url.hash = current.hash
  return Checked.ok(url)
}

/** @internal */
export interface Hop {
  readonly request: HttpClientRequest.HttpClientRequest
  /** Whether credentials were dropped: once true, it stays true for the chain. */
  readonly crossed: boolean
}

/**
 * The request that follows a redirect response, or why there can be none.
 * 303 turns anything but HEAD into a GET, and 301/302 turn a POST into one,
 * without the body or its headers (urllib3 CVE-2023-45803). 307/308 keep
 * method and body, which a one-shot stream cannot provide twice. On any
 * change of origin (scheme, host or port) the credential headers go, and a
 * chain that dropped them never gets them back (Go CVE-2024-45336). A hop
 * from https to http is refused unless allowed (requests CVE-2018-18074).
 *
 * @internal
 */
export const nextHop = (
  request: HttpClientRequest.HttpClientRequest,
  status: number,
  from: URL,
  to: URL,
  crossed: boolean,
  replayable: boolean,
  allowInsecure: boolean
): Checked.Checked<Hop, string> => {
  if (from.protocol === "https:" && to.protocol === "http:" && !allowInsecure) {
    return Checked.refused("a redirect from https to http is refused (set allowInsecureRedirects: true to follow it)")
  }
  const method = request.method
  const toGet = (status === 303 && method !== "HEAD") || ((status === 301 || status === 302) && method === "POST")
  if (!toGet && !replayable && request.body._tag !== "Empty") {
    return Checked.refused(`a ${status} redirect must resend the body, and a stream body can be sent only once`)
  }
  const leaves = crossed || from.origin !== to.origin
  const drop = Object.keys(request.headers).filter((name) =>
    (toGet && (bodyHeaders as ReadonlyArray<string>).includes(name)) || (leaves && isCredentialHeader(name)))
  const headers = drop.reduce((kept, name) => Headers.remove(kept, name), request.headers)
  const body = toGet ? HttpBody.empty : request.body
  // setBody writes the body's own content type, so the kept headers go on last.
  const next = HttpClientRequest.setHeaders(
    // Stryker disable next-line StringLiteral: the platform reads an empty method as GET, its default.
    HttpClientRequest.setBody(HttpClientRequest.make(toGet ? "GET" : method as HttpMethod.HttpMethod)(to.href), body),
    headers
  )
  return Checked.ok({ request: next, crossed: leaves })
}
