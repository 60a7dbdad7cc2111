/**
 * A cookie jar as text, for `session.cookies.save` and `load`. Loading puts
 * each cookie back through the jar's own `store`, as a response from its
 * origin would set it, so a saved file edited by hand cannot widen a
 * cookie (a public-suffix Domain, `__Host-` without Secure, a Domain the
 * host is not in): the file is trusted no more than a server is.
 *
 * @internal
 */
import * as Cookies from "#line/http/Cookies"
import type * as Http from "./types.js"
import type * as CookieJar from "./cookieJar.js"

const FORMAT = "effect-requests/cookies"
const VERSION = 1

interface Saved {
  readonly name: string
  readonly value: string
  readonly domain: string
  readonly hostOnly: boolean
  readonly path: string
  readonly secure: boolean
  /** Epoch millis; null for a cookie that lasts as long as the jar. */
  readonly expires: number | null
}

/**
 * The jar's cookies as JSON text. A cookie without an expiry (a session
 * cookie, which a browser drops when it closes) is left out unless asked
 * for, as Python's cookiejar does.
 *
 * @internal
 */
export const serialise = (cookies: ReadonlyArray<Http.JarCookie>, includeSessionCookies: boolean): { readonly text: string; readonly count: number; readonly until: number } => {
  const saved: Array<Saved> = []
  let until = 0
  for (const cookie of cookies) {
    if (cookie.expires === undefined && !includeSessionCookies) continue
    const expires = cookie.expires?.getTime() ?? null
    until = Math.max(until, expires ?? Infinity)
    saved.push({ name: cookie.name, value: cookie.value, domain: cookie.domain, hostOnly: cookie.hostOnly, path: cookie.path, secure: cookie.secure, expires })
  }
  return { text: JSON.stringify({ format: FORMAT, version: VERSION, cookies: saved }), count: saved.length, until }
}

// What a field may hold to be written into a Set-Cookie line: no separator
// or control that could add an attribute of its own.
// eslint-disable-next-line no-control-regex -- the controls are what is refused
const separatorOrControl = /[;\0-\x1f\x7f]/
const plain = (s: unknown): s is string => typeof s === "string" && s !== "" && !separatorOrControl.test(s)

const isSaved = (value: unknown): value is Saved => {
  const c = value as Saved
  return typeof value === "object" && value !== null && plain(c.name) && typeof c.value === "string" && !separatorOrControl.test(c.value) &&
    plain(c.domain) && plain(c.path) && c.path.startsWith("/") && typeof c.hostOnly === "boolean" && typeof c.secure === "boolean" &&
    (c.expires === null || (typeof c.expires === "number" && Number.isFinite(c.expires)))
}

/**
 * Puts the cookies of `text` into `jar`; how many it kept, or why the text
 * is no saved jar. One past its expiry, or that the jar's rules refuse, is
 * skipped.
 *
 * @internal
 */
export const restore = (jar: CookieJar.Jar, text: string, now: number): number | string => {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return "not a saved cookie jar (not JSON)"
  }
  const saved = parsed as { format?: unknown; version?: unknown; cookies?: unknown }
  if (typeof parsed !== "object" || parsed === null || saved.format !== FORMAT || !Array.isArray(saved.cookies)) {
    return "not a saved cookie jar"
  }
  if (saved.version !== VERSION) return `a saved cookie jar of version ${String(saved.version)}, not ${VERSION}`
  let kept = 0
  for (const cookie of saved.cookies as ReadonlyArray<unknown>) {
    if (!isSaved(cookie) || (cookie.expires !== null && cookie.expires <= now)) continue
    let origin: URL
    try {
      origin = new URL(`${cookie.secure ? "https" : "http"}://${cookie.domain}${cookie.path}`)
    } catch {
      continue
    }
    const line = [
      `${cookie.name}=${cookie.value}`,
      `Path=${cookie.path}`,
      ...(cookie.hostOnly ? [] : [`Domain=${cookie.domain}`]),
      ...(cookie.secure ? ["Secure"] : []),
      ...(cookie.expires === null ? [] : [`Expires=${new Date(cookie.expires).toUTCString()}`])
    ].join("; ")
    kept += jar.store(origin, Cookies.fromSetCookie([line]), now)
  }
  return kept
}
