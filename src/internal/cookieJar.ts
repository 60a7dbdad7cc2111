/**
 * A session's cookie jar (RFC 6265): cookies parsed by @effect/platform's
 * `Cookies`, kept per domain and path, host-only unless a valid `Domain`
 * says otherwise, `Secure` ones only over https, expired by `Max-Age` or
 * `Expires` on Effect's Clock. A `Domain` the request host does not belong
 * to is refused, so a site cannot plant cookies for another.
 *
 * @internal
 */
import type * as Cookies from "@effect/platform/Cookies"
import * as Duration from "effect/Duration"

interface Stored {
  readonly name: string
  readonly value: string
  readonly domain: string
  readonly hostOnly: boolean
  readonly path: string
  readonly secure: boolean
  readonly expiresAt: number | undefined
  readonly created: number
}

/** @internal */
export interface Jar {
  /** Stores the cookies a response from `url` set. */
  readonly store: (url: URL, cookies: Cookies.Cookies, nowMillis: number) => void
  /** The `Cookie` header value for a request to `url`, if any cookie applies. */
  readonly header: (url: URL, nowMillis: number) => string | undefined
}

const isIp = (host: string): boolean => /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.startsWith("[")

const domainMatches = (host: string, domain: string): boolean =>
  host === domain || (!isIp(host) && host.endsWith(`.${domain}`))

// RFC 6265 §5.1.4: the directory of the request path.
const defaultPath = (url: URL): string => {
  const path = url.pathname
  const slash = path.lastIndexOf("/")
  return slash <= 0 ? "/" : path.slice(0, slash)
}

const pathMatches = (requestPath: string, cookiePath: string): boolean =>
  requestPath === cookiePath ||
  (requestPath.startsWith(cookiePath) && (cookiePath.endsWith("/") || requestPath[cookiePath.length] === "/"))

const MAX_COOKIE_SIZE = 4096

/** @internal */
export const make = (): Jar => {
  const cookies = new Map<string, Stored>()
  const expiry = (cookie: Cookies.Cookie, now: number): number | undefined => {
    const maxAge = cookie.options?.maxAge
    if (maxAge !== undefined) return now + Duration.toMillis(Duration.decode(maxAge))
    return cookie.options?.expires?.getTime()
  }
  return {
    store: (url, set, now) => {
      const host = url.hostname.toLowerCase()
      for (const cookie of Object.values(set.cookies)) {
        const attribute = cookie.options?.domain?.toLowerCase().replace(/^\./, "")
        if (attribute !== undefined && attribute !== "" && !domainMatches(host, attribute)) continue
        // A Secure cookie set over http could overwrite an https one (RFC 6265bis §5.6).
        if (cookie.options?.secure === true && url.protocol !== "https:") continue
        // Browsers keep no cookie over 4096 bytes (RFC 6265bis §5.6): a server
        // must not be able to bloat every later request of the session.
        if (cookie.name.length + cookie.valueEncoded.length > MAX_COOKIE_SIZE) continue
        const domain = attribute === undefined || attribute === "" ? host : attribute
        const path = cookie.options?.path?.startsWith("/") ? cookie.options.path : defaultPath(url)
        const key = `${domain};${path};${cookie.name}`
        const expiresAt = expiry(cookie, now)
        if (expiresAt !== undefined && expiresAt <= now) {
          cookies.delete(key)
          continue
        }
        cookies.set(key, {
          name: cookie.name,
          value: cookie.valueEncoded,
          domain,
          hostOnly: attribute === undefined || attribute === "",
          path,
          secure: cookie.options?.secure === true,
          expiresAt,
          created: cookies.get(key)?.created ?? now
        })
      }
    },
    header: (url, now) => {
      const host = url.hostname.toLowerCase()
      const matching: Array<Stored> = []
      for (const [key, cookie] of cookies) {
        if (cookie.expiresAt !== undefined && cookie.expiresAt <= now) {
          cookies.delete(key)
          continue
        }
        if (cookie.hostOnly ? host !== cookie.domain : !domainMatches(host, cookie.domain)) continue
        if (!pathMatches(url.pathname, cookie.path)) continue
        if (cookie.secure && url.protocol !== "https:") continue
        matching.push(cookie)
      }
      if (matching.length === 0) return undefined
      // Longer paths first, then older cookies first (RFC 6265 §5.4).
      matching.sort((a, b) => b.path.length - a.path.length || a.created - b.created)
      return matching.map((cookie) => `${cookie.name}=${cookie.value}`).join("; ")
    }
  }
}
