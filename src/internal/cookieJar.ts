/**
 * A session's cookie jar (RFC 6265): cookies parsed by @effect/platform's
 * `Cookies`, kept per domain and path, host-only unless a valid `Domain`
 * says otherwise, `Secure` ones only over https, expired by `Max-Age` or
 * `Expires` on Effect's Clock. A `Domain` the request host does not belong
 * to is refused, so a site cannot plant cookies for another, and so is one
 * that names a public suffix (`com`, `co.uk`, `github.io`: the Public
 * Suffix List, through `tldts`), so a site cannot plant cookies for every
 * site under it. The `__Secure-` and `__Host-` name prefixes hold as in
 * RFC 6265bis. Like browsers, the jar keeps at most MAX_PER_SITE cookies
 * per site and MAX_COOKIES in all, dropping the oldest first.
 *
 * The Public Suffix List is most of a browser bundle's weight (some 120 KB
 * minified), so it is imported on a session's first request with a jar
 * (`loadSuffixes`), never by a program that keeps no cookies: bundlers put
 * a dynamic import in a chunk of its own.
 *
 * @internal
 */
import type * as Cookies from "#line/http/Cookies"
import * as Duration from "effect/Duration"
import * as Durations from "#line/duration"
import * as Effect from "effect/Effect"
import type * as Http from "./types.js"

type Suffixes = Pick<typeof import("tldts"), "getDomain" | "getPublicSuffix">

let suffixes: Suffixes | undefined

/**
 * Loads the Public Suffix List once per process; every request of a
 * session with a jar runs it before its first hop (a no-op once loaded).
 *
 * @internal
 */
export const loadSuffixes: Effect.Effect<void> = Effect.suspend(() =>
  // Stryker disable next-line ConditionalExpression: loading again costs an import() step, nothing else
  suffixes !== undefined
    ? Effect.void
    : Effect.promise(() =>
      import("tldts").then((module) => {
        suffixes = module
      })
    ))

/** Whether `loadSuffixes` has run: a request can skip that step. @internal */
export const suffixesLoaded = (): boolean => suffixes !== undefined

/** A cookie as the jar keeps it: its expiry in epoch millis, Infinity for one that lasts as long as the jar. */
interface Stored extends Omit<Http.JarCookie, "expires"> {
  readonly expiresAt: number
}

type Options = NonNullable<Cookies.Cookie["options"]>

const shown = (cookie: Stored): Http.JarCookie => ({
  name: cookie.name,
  value: cookie.value,
  domain: cookie.domain,
  hostOnly: cookie.hostOnly,
  path: cookie.path,
  secure: cookie.secure,
  expires: cookie.expiresAt === Infinity ? undefined : new Date(cookie.expiresAt),
  created: cookie.created
})

/** @internal */
export interface Jar {
  /** Stores the cookies a response from `url` set; how many it kept (added or replaced). */
  readonly store: (url: URL, cookies: Cookies.Cookies, nowMillis: number) => number
  /** The cookies it holds that have not expired, oldest first. */
  readonly list: (nowMillis: number) => ReadonlyArray<Http.JarCookie>
  /** Removes the cookies `matches` picks; how many. */
  readonly remove: (matches: (cookie: Http.JarCookie) => boolean) => number
  /** The `Cookie` header value for a request to `url`, if any cookie applies. */
  readonly header: (url: URL, nowMillis: number) => string | undefined
  /** Whether the Public Suffix List it needs is loaded (`load` loads it), asked through the jar so that a request refers to no cookie code. */
  readonly loaded: () => boolean
  readonly load: Effect.Effect<void>
}

// A WHATWG host is an IPv4 address written as four numbers, or has a last
// label that is no number. (An IPv6 host has no dots: it never ends with
// `.domain`; and tldts gives IPs no public suffix or site.)
const isIpv4 = (host: string): boolean => /^\d+\.\d+\.\d+\.\d+$/.test(host)

const domainMatches = (host: string, domain: string): boolean =>
  host === domain || (!isIpv4(host) && host.endsWith(`.${domain}`))

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

/** Chrome's limits: 180 cookies per site (registrable domain), 3000 in all. @internal */
export const MAX_PER_SITE = 180
/** @internal */
export const MAX_COOKIES = 3000

// Private-section suffixes (github.io, …) count: browsers refuse cookies for them too.
const suffixOptions = { allowPrivateDomains: true } as const

const isPublicSuffix = (domain: string): boolean => suffixes!.getPublicSuffix(domain, suffixOptions) === domain

/** The site a cookie's domain belongs to: its registrable domain, or the host itself (an IP, localhost). */
const siteOf = (domain: string): string => suffixes!.getDomain(domain, suffixOptions) ?? domain

/**
 * Whether a cookie's name prefix refuses it (RFC 6265bis §4.1.3).
 * `__Secure-` needs `Secure` and https; `__Host-` needs those, no `Domain`
 * and `Path=/`. Matched without regard to case, as browsers do.
 */
const prefixRefuses = (name: string, options: Options, secureOrigin: boolean, hasDomain: boolean): boolean => {
  const prefix = name.slice(0, 9).toLowerCase()
  const secure = options.secure === true && secureOrigin
  if (prefix === "__secure-") return !secure
  if (prefix.startsWith("__host-")) return !secure || hasDomain || options.path !== "/"
  return false
}

/**
 * When a cookie set at `now` expires, by its Max-Age or else its Expires;
 * Infinity when it lasts as long as the jar. One at or before `now` is a
 * removal.
 *
 * @internal
 */
export const expiry = (options: Options, now: number): number => {
  if (options.maxAge !== undefined) return now + Duration.toMillis(Durations.decode(options.maxAge))
  return options.expires?.getTime() ?? Infinity
}

/** @internal */
export const make = (): Jar => {
  const cookies = new Map<string, Stored>()
  const bySite = new Map<string, Set<string>>()
  const remove = (key: string, cookie: Stored) => {
    cookies.delete(key)
    const site = siteOf(cookie.domain)
    const keys = bySite.get(site)!
    keys.delete(key)
    // Stryker disable next-line ConditionalExpression,BlockStatement,CallExpression: memory only, an empty set counts as no set
    if (keys.size === 0) bySite.delete(site)
  }
  /**
   * Drops the oldest cookie among `keys`: the first, since Maps and Sets
   * keep insertion order and a cookie set again keeps its place.
   */
  const evictOldest = (keys: Iterable<string>) => {
    for (const key of keys) return remove(key, cookies.get(key)!)
  }
  const add = (key: string, cookie: Stored) => {
    if (!cookies.has(key)) {
      const site = siteOf(cookie.domain)
      const same = bySite.get(site)
      if (same !== undefined && same.size >= MAX_PER_SITE) evictOldest(same)
      if (cookies.size >= MAX_COOKIES) evictOldest(cookies.keys())
      // Looked up again: an eviction may have emptied and dropped the site's set.
      let keys = bySite.get(site)
      if (keys === undefined) bySite.set(site, keys = new Set())
      keys.add(key)
    }
    cookies.set(key, cookie)
  }
  return {
    loaded: suffixesLoaded,
    load: loadSuffixes,
    store: (url, set, now) => {
      const host = url.hostname.toLowerCase()
      const https = url.protocol === "https:"
      let kept = 0
      for (const cookie of Object.values(set.cookies)) {
        // Effect's parser has already dropped an empty Domain, a leading dot,
        // and a Path that does not start with "/".
        const options: Options = cookie.options ?? {}
        let attribute = options.domain?.toLowerCase()
        if (attribute !== undefined && !domainMatches(host, attribute)) continue
        // RFC 6265 §5.3 step 5: a public suffix is no cookie domain; the
        // host that is one itself gets a host-only cookie.
        if (attribute !== undefined && isPublicSuffix(attribute)) {
          if (attribute !== host) continue
          attribute = undefined
        }
        if (prefixRefuses(cookie.name, options, https, attribute !== undefined)) continue
        // A Secure cookie set over http could overwrite an https one (RFC 6265bis §5.6).
        if (options.secure === true && !https) continue
        // Browsers keep no cookie over 4096 bytes (RFC 6265bis §5.6): a server
        // must not be able to bloat every later request of the session.
        if (cookie.name.length + cookie.valueEncoded.length > MAX_COOKIE_SIZE) continue
        const domain = attribute ?? host
        const path = options.path ?? defaultPath(url)
        const key = `${domain};${path};${cookie.name}`
        const expiresAt = expiry(options, now)
        if (expiresAt <= now) {
          const stored = cookies.get(key)
          if (stored !== undefined) remove(key, stored)
          continue
        }
        add(key, {
          name: cookie.name,
          value: cookie.valueEncoded,
          domain,
          hostOnly: attribute === undefined,
          path,
          secure: options.secure === true,
          expiresAt,
          created: cookies.get(key)?.created ?? now
        })
        kept++
      }
      return kept
    },
    list: (now) => {
      // Insertion order is the oldest-first order: a cookie set again keeps its place.
      const out: Array<Http.JarCookie> = []
      for (const cookie of cookies.values()) if (cookie.expiresAt > now) out.push(shown(cookie))
      return out
    },
    remove: (matches) => {
      let removed = 0
      for (const [key, cookie] of cookies) {
        if (!matches(shown(cookie))) continue
        remove(key, cookie)
        removed++
      }
      return removed
    },
    header: (url, now) => {
      const host = url.hostname.toLowerCase()
      const matching: Array<Stored> = []
      for (const [key, cookie] of cookies) {
        if (cookie.expiresAt <= now) {
          remove(key, cookie)
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
