/**
 * `session.cookies`: the jar read, seeded and cleared by the caller. A
 * seeded cookie goes through the jar's own `store`, as a response from its
 * URL would set it: one set of rules for what a server and what code may
 * put in the jar.
 *
 * @internal
 */
import * as Effects from "#line/effect"
import * as Cookies from "#line/http/Cookies"
import * as KeyStore from "#line/keyStore"
import * as FileSystem from "#line/platform/FileSystem"
import type * as PlatformError from "#line/platform/PlatformError"
import * as Durations from "#line/duration"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Http from "./types.js"
import * as HttpError from "../HttpError.js"
import type * as CookieJar from "./cookieJar.js"
import * as Url from "../core/url.js"
import * as SavedJar from "./savedJar.js"

const urlOf = (method: string, url: string | URL): Effect.Effect<URL, HttpError.InvalidUrl> => {
  const parsed = Url.parseHttpUrl(String(url))
  return parsed._tag === "Ok"
    ? Effect.succeed(parsed.value)
    : Effect.fail(new HttpError.InvalidUrl({ method, url: String(url), reason: parsed.reason }))
}

/** Whether a Set-Cookie says to remove the cookie (an expiry already past), which the jar does by keeping nothing. */
const expires = (cookie: Cookies.Cookie, now: number): boolean => {
  const options = cookie.options
  if (options?.maxAge !== undefined) return Duration.toMillis(Durations.decode(options.maxAge)) <= 0
  return options?.expires !== undefined && options.expires.getTime() <= now
}

const STORE_ID = "effect-requests-cookies"
// RFC 6265bis caps a cookie's life at 400 days: a store entry need not outlive that.
const MAX_STORE_MILLIS = 400 * 24 * 60 * 60 * 1000

type Target = Http.JarFile | Http.JarStore

const refusal = (method: string, target: Target, reason: string) =>
  new HttpError.InvalidRequest({ method, url: "file" in target ? `file:${target.file}` : `persistence:${target.key ?? "cookies"}`, reason })

/** Runs `use` with the context's Persistence store, or fails saying none is provided. */
const withStore = <A>(method: string, target: Http.JarStore, use: (store: KeyStore.KeyStore) => Effect.Effect<A, unknown>) =>
  Effect.scoped(Effect.flatMap(Effect.mapError(KeyStore.open(STORE_ID), (reason) => refusal(method, target, reason)), (store) =>
    store === undefined
      ? Effect.fail(refusal(method, target, "cookies: { store: \"persistence\" } needs a Persistence.BackingPersistence layer (memory, key-value store or Redis)"))
      : Effect.mapError(use(store), (error) => refusal(method, target, `the store failed: ${error instanceof Error ? error.message : String(error)}`))))

type Io = Effect.Effect<number, HttpError.InvalidRequest | PlatformError.PlatformError, FileSystem.FileSystem>

const save = (jar: CookieJar.Jar, to: Target): Io =>
  Effect.flatMap(Clock.currentTimeMillis, (now): Io => {
    const saved = SavedJar.serialise(jar.list(now), to.includeSessionCookies === true)
    if ("file" in to) {
      return Effect.flatMap(Effects.service(FileSystem.FileSystem), (fs) =>
        Effect.as(
          // The mode applies to a new file; chmod keeps an old one private too.
          Effect.andThen(fs.writeFileString(to.file, saved.text, { mode: 0o600 }), fs.chmod(to.file, 0o600)),
          saved.count
        ))
    }
    const ttl = Math.min(MAX_STORE_MILLIS, Math.max(1, saved.until - now))
    return withStore("SAVE-COOKIES", to, (store) => Effect.as(store.set(to.key ?? "cookies", JSON.parse(saved.text) as object, ttl), saved.count))
  })

const load = (jar: CookieJar.Jar, from: Target): Io => {
  const text: Effect.Effect<string | undefined, HttpError.InvalidRequest | PlatformError.PlatformError, FileSystem.FileSystem> = "file" in from
    ? Effect.flatMap(Effects.service(FileSystem.FileSystem), (fs) => fs.readFileString(from.file))
    : withStore("LOAD-COOKIES", from, (store) => Effect.map(store.get(from.key ?? "cookies"), (found) => found === undefined ? undefined : JSON.stringify(found)))
  return Effect.flatMap(text, (found) =>
    Effect.andThen(jar.load, Effect.flatMap(Clock.currentTimeMillis, (now) => {
      // Nothing saved under the key yet: nothing to load.
      if (found === undefined) return Effect.succeed(0)
      const kept = SavedJar.restore(jar, found, now)
      return typeof kept === "number" ? Effect.succeed(kept) : Effect.fail(refusal("LOAD-COOKIES", from, kept))
    })))
}

const noJar = (method: string, target: Target) =>
  Effect.fail(refusal(method, target, "this session keeps no cookies (make it with cookies: true)"))

const none: Http.SessionCookies = {
  list: Effect.succeed([]),
  get: (url) => Effect.as(urlOf("GET", url), undefined),
  set: (url) =>
    Effect.flatMap(urlOf("SET-COOKIE", url), (parsed) =>
      Effect.fail(new HttpError.InvalidRequest({ method: "SET-COOKIE", url: parsed.href, reason: "this session keeps no cookies (make it with cookies: true)" }))),
  delete: () => Effect.succeed(0),
  clear: Effect.void,
  save: ((to: Target) => noJar("SAVE-COOKIES", to)) as Http.SessionCookies["save"],
  load: ((from: Target) => noJar("LOAD-COOKIES", from)) as Http.SessionCookies["load"]
}

/** @internal */
export const make = (jar: CookieJar.Jar | undefined): Http.SessionCookies => {
  if (jar === undefined) return none
  return {
    list: Effect.map(Clock.currentTimeMillis, (now) => jar.list(now)),
    get: (url, name) =>
      Effect.flatMap(urlOf("GET", url), (parsed) =>
        Effect.map(Clock.currentTimeMillis, (now) => {
          // As sent: the longest path first, so the first is what the server reads.
          for (const pair of jar.header(parsed, now)?.split("; ") ?? []) {
            if (pair.startsWith(`${name}=`)) return pair.slice(name.length + 1)
          }
          return undefined
        })),
    set: (url, text) =>
      Effect.flatMap(urlOf("SET-COOKIE", url), (parsed) =>
        Effect.andThen(jar.load, Effect.flatMap(Clock.currentTimeMillis, (now) => {
          const refused = (reason: string) => Effect.fail(new HttpError.InvalidRequest({ method: "SET-COOKIE", url: parsed.href, reason }))
          const given = Cookies.fromSetCookie([text])
          const cookies = Object.values(given.cookies)
          if (cookies.length !== 1) return refused("not one Set-Cookie value (name=value; attributes)")
          if (jar.store(parsed, given, now) === 1 || expires(cookies[0]!, now)) return Effect.void
          return refused(
            "the jar refuses it for this URL, as it would from a response: a Domain the host is not in, Secure over http, a __Host-/__Secure- prefix rule, or over 4096 bytes"
          )
        }))),
    delete: (name, options = {}) =>
      Effect.sync(() =>
        jar.remove((cookie) =>
          cookie.name === name &&
          (options.domain === undefined || cookie.domain === options.domain.toLowerCase()) &&
          (options.path === undefined || cookie.path === options.path))),
    clear: Effect.sync(() => {
      jar.remove(() => true)
    }),
    save: ((to: Target) => save(jar, to)) as Http.SessionCookies["save"],
    load: ((from: Target) => load(jar, from)) as Http.SessionCookies["load"]
  }
}
