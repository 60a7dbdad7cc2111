/**
 * URL resolution: a session's `baseUrl` joins like a file path, and nothing
 * given to a session can leave it unless the session allows absolute URLs.
 *
 * @internal
 */
import * as Checked from "./checked.js"

const hasScheme = /^[a-z][a-z0-9+.-]*:/i
// WHATWG URL parsing treats "\" like "/" for http(s), so "\\host" is as
// protocol-relative as "//host" (axios GHSA-8hc4-vh64-cxmj).
const protocolRelative = /^[\\/]{2}/
// WHATWG parsing silently drops tab, CR and LF and keeps other controls
// percent-encoded: a URL carrying them is a mistake or an injection attempt,
// refused rather than rewritten into something else (undici CVE-2022-31150).
// eslint-disable-next-line no-control-regex -- the controls are what is refused
const controlCharacter = /[\0-\x1f\x7f]/
const hasControlCharacter = (s: string): boolean => controlCharacter.test(s)
// WHATWG's "C0 control or space", stripped from both ends of an absolute URL.
const c0OrSpaceAtEnds = /^[\0-\x20]+|[\0-\x20]+$/g

/**
 * A parsed base URL, prepared once per session.
 *
 * @internal
 */
export interface Base {
  readonly url: URL
  /** The base path as a directory: always ends with "/". */
  readonly dir: string
}

/**
 * Whether `url` lies in a session's scope: the base's origin, and its path
 * or below. What a session sends its credentials to.
 *
 * @internal
 */
export const isUnder = (base: Base, url: URL): boolean =>
  url.origin === base.url.origin && (url.pathname.startsWith(base.dir) || `${url.pathname}/` === base.dir)

/** Parses an absolute http(s) URL, or one relative to `base`. @internal */
export const parseHttpUrl = (s: string, base?: URL): Checked.Checked<URL> => {
  if (hasControlCharacter(s)) return Checked.refused("URL contains a control character (CR, LF, tab, NUL…)")
  let url: URL
  try {
    url = new URL(s, base)
  } catch {
    return Checked.refused("not a valid URL")
  }
  // http: and https: are special schemes: WHATWG parsing refuses one without a host.
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return Checked.refused(`unsupported scheme "${url.protocol}" (only http: and https:)`)
  }
  return Checked.ok(url)
}

/** @internal */
export const makeBase = (baseUrl: string | URL): Checked.Checked<Base> =>
  Checked.map(parseHttpUrl(String(baseUrl)), (url) => ({
    url,
    dir: url.pathname.endsWith("/") ? url.pathname : `${url.pathname}/`
  }))

/**
 * Resolves what a user gave as a URL. Without a base it must be an absolute
 * http(s) URL. With a base, a relative path (with or without a leading "/")
 * is joined under the base path, and the result must stay there: `..`,
 * `%2e%2e` and friends cannot climb above it. Absolute and protocol-relative
 * URLs are refused unless `allowAbsolute`.
 *
 * @internal
 */
export const resolve = (
  input: string | URL,
  base: Base | undefined,
  allowAbsolute: boolean
): Checked.Checked<URL> => {
  if (base === undefined) {
    // The WHATWG rule, as a browser's address bar and requests take a URL
    // pasted with a space or read with its newline. Only at the ends: a
    // control within is still refused, and a session's baseUrl joins take
    // nothing away from what they are given.
    const s = String(input).replace(c0OrSpaceAtEnds, "")
    return hasScheme.test(s) ? parseHttpUrl(s) : Checked.refused("not an absolute http(s) URL")
  }
  const s = String(input)
  const absolute = hasScheme.test(s) || protocolRelative.test(s)
  if (absolute) {
    // One under the base is what a relative URL would give (a Link header's
    // next page): taken as it is, its query already whole.
    return Checked.flatMap(parseHttpUrl(s, base.url), (url) =>
      allowAbsolute || isUnder(base, url)
        ? Checked.ok(url)
        : Checked.refused("absolute URL outside the session's baseUrl (set allowAbsoluteUrls: true to allow it)"))
  }
  const relative = s.startsWith("/") ? s.slice(1) : s
  return Checked.flatMap(parseHttpUrl(base.url.origin + base.dir + relative), (url) => {
    if (!isUnder(base, url)) return Checked.refused("path escapes the session's baseUrl")
    if (base.url.search !== "") {
      const merged = new URLSearchParams(base.url.search)
      for (const [key, value] of url.searchParams) merged.append(key, value)
      url.search = merged.toString()
    }
    return Checked.ok(url)
  })
}
