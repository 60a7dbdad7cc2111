/**
 * `session.cookies`: the jar read, seeded and cleared by the caller. A
 * seeded cookie goes through the jar's own `store`, as a response from its
 * URL would set it: one set of rules for what a server and what code may
 * put in the jar.
 *
 * @internal
 */
import * as Cookies from "#line/http/Cookies"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import type * as Http from "./types.js"
import * as HttpError from "../HttpError.js"
import * as CookieJar from "./cookieJar.js"
import * as Url from "../core/url.js"
import * as SavedJar from "./savedJar.js"

const urlOf = (method: string, url: string | URL): Effect.Effect<URL, HttpError.InvalidUrl> => {
  const parsed = Url.parseHttpUrl(String(url))
  return parsed._tag === "Ok"
    ? Effect.succeed(parsed.value)
    : Effect.fail(new HttpError.InvalidUrl({ method, url: String(url), reason: parsed.reason }))
}

type Target = Http.JarFile | Http.JarStore

const noJar = (method: string, url = "") =>
  Effect.fail(new HttpError.InvalidRequest({ method, url, reason: "this session keeps no cookies (make it with cookies: true)" }))

const none: Http.SessionCookies = {
  list: Effect.succeed([]),
  get: (url) => Effect.as(urlOf("GET", url), undefined),
  set: (url) => Effect.flatMap(urlOf("SET-COOKIE", url), (parsed) => noJar("SET-COOKIE", parsed.href)),
  delete: () => Effect.succeed(0),
  clear: Effect.void,
  save: (() => noJar("SAVE-COOKIES")) as Http.SessionCookies["save"],
  load: (() => noJar("LOAD-COOKIES")) as Http.SessionCookies["load"]
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
          // One already expired is a removal: the jar keeps nothing, as asked.
          if (jar.store(parsed, given, now) === 1 || CookieJar.expiry(cookies[0]!.options ?? {}, now) <= now) return Effect.void
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
    save: ((to: Target) => SavedJar.save(jar, to)) as Http.SessionCookies["save"],
    load: ((from: Target) => SavedJar.load(jar, from)) as Http.SessionCookies["load"]
  }
}
