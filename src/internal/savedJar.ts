/**
 * A cookie jar as text, for `session.cookies.save` and `load`. Loading puts
 * each cookie back through the jar's own `store`, as a response from its
 * origin would set it, so a saved file edited by hand cannot widen a
 * cookie (a public-suffix Domain, `__Host-` without Secure, a Domain the
 * host is not in): the file is trusted no more than a server is.
 *
 * @internal
 */
import * as Effects from "#line/effect"
import * as Cookies from "#line/http/Cookies"
import * as KeyStore from "#line/keyStore"
import * as FileSystem from "#line/platform/FileSystem"
import type * as PlatformError from "#line/platform/PlatformError"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import type * as Http from "./types.js"
import * as HttpError from "../HttpError.js"
import type * as CookieJar from "./cookieJar.js"

const FORMAT = "effect-requests/cookies"
const VERSION = 1

/** A cookie as a saved jar holds it: its expiry in epoch millis, null for one that lasts as long as the jar. */
interface Saved extends Omit<Http.JarCookie, "expires" | "created"> {
  readonly expires: number | null
}

/** What is saved: a file holds it as JSON, a Persistence store as the value itself. */
interface Document {
  readonly format: typeof FORMAT
  readonly version: typeof VERSION
  readonly cookies: ReadonlyArray<Saved>
}

/**
 * The jar's cookies as a saved document, how many, and when the last of
 * them expires. A cookie without an expiry (a session cookie, which a
 * browser drops when it closes) is left out unless asked for, as Python's
 * cookiejar does.
 *
 * @internal
 */
export const serialise = (cookies: ReadonlyArray<Http.JarCookie>, includeSessionCookies: boolean): { readonly document: Document; readonly until: number } => {
  const saved: Array<Saved> = []
  let until = 0
  for (const cookie of cookies) {
    if (cookie.expires === undefined && !includeSessionCookies) continue
    const expires = cookie.expires?.getTime() ?? null
    until = Math.max(until, expires ?? Infinity)
    saved.push({ name: cookie.name, value: cookie.value, domain: cookie.domain, hostOnly: cookie.hostOnly, path: cookie.path, secure: cookie.secure, expires })
  }
  return { document: { format: FORMAT, version: VERSION, cookies: saved }, until }
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
 * Puts the cookies of a saved document into `jar`; how many it kept, or why
 * it is no saved jar. One past its expiry, or that the jar's rules refuse,
 * is skipped.
 *
 * @internal
 */
export const restore = (jar: CookieJar.Jar, document: unknown, now: number): number | string => {
  const saved = document as { format?: unknown; version?: unknown; cookies?: unknown }
  if (typeof document !== "object" || document === null || saved.format !== FORMAT || !Array.isArray(saved.cookies)) {
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

type Target = Http.JarFile | Http.JarStore

const STORE_ID = "effect-requests-cookies"
// RFC 6265bis caps a cookie's life at 400 days: a store entry need not outlive that.
const MAX_STORE_MILLIS = 400 * 24 * 60 * 60 * 1000

const refusal = (method: string, target: Target, reason: string) =>
  new HttpError.InvalidRequest({ method, url: "file" in target ? `file:${target.file}` : `persistence:${target.key ?? "cookies"}`, reason })

/** Runs `use` with the context's Persistence store, or fails saying none is provided. */
const withStore = <A>(method: string, target: Http.JarStore, use: (store: KeyStore.KeyStore) => Effect.Effect<A, unknown>) =>
  Effect.scoped(Effect.flatMap(Effect.mapError(KeyStore.open(STORE_ID), (reason) => refusal(method, target, reason)), (store) =>
    store === undefined
      ? Effect.fail(refusal(method, target, "cookies: { store: \"persistence\" } needs a Persistence.BackingPersistence layer (memory, key-value store or Redis)"))
      : Effect.mapError(use(store), (error) => refusal(method, target, `the store failed: ${error instanceof Error ? error.message : String(error)}`))))

type Io = Effect.Effect<number, HttpError.InvalidRequest | PlatformError.PlatformError, FileSystem.FileSystem>

/** `session.cookies.save`. @internal */
export const save = (jar: CookieJar.Jar, to: Target): Io =>
  Effect.flatMap(Clock.currentTimeMillis, (now): Io => {
    const { document, until } = serialise(jar.list(now), to.includeSessionCookies === true)
    const count = document.cookies.length
    if ("file" in to) {
      return Effect.flatMap(Effects.service(FileSystem.FileSystem), (fs) =>
        Effect.as(
          // The mode applies to a new file; chmod keeps an old one private too.
          Effect.andThen(fs.writeFileString(to.file, JSON.stringify(document), { mode: 0o600 }), fs.chmod(to.file, 0o600)),
          count
        ))
    }
    const ttl = Math.min(MAX_STORE_MILLIS, Math.max(1, until - now))
    return withStore("SAVE-COOKIES", to, (store) => Effect.as(store.set(to.key ?? "cookies", document, ttl), count))
  })

/** `session.cookies.load`. @internal */
export const load = (jar: CookieJar.Jar, from: Target): Io => {
  const document: Effect.Effect<unknown, HttpError.InvalidRequest | PlatformError.PlatformError, FileSystem.FileSystem> = "file" in from
    ? Effect.flatMap(Effects.service(FileSystem.FileSystem), (fs) =>
      Effect.flatMap(fs.readFileString(from.file), (text) =>
        Effect.try({ try: (): unknown => JSON.parse(text), catch: () => refusal("LOAD-COOKIES", from, "not a saved cookie jar (not JSON)") })))
    : withStore("LOAD-COOKIES", from, (store) => store.get(from.key ?? "cookies"))
  return Effect.flatMap(document, (found) =>
    Effect.andThen(jar.load, Effect.flatMap(Clock.currentTimeMillis, (now) => {
      // Nothing saved under the key yet: nothing to load.
      if (found === undefined) return Effect.succeed(0)
      const kept = restore(jar, found, now)
      return typeof kept === "number" ? Effect.succeed(kept) : Effect.fail(refusal("LOAD-COOKIES", from, kept))
    })))
}
