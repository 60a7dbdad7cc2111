/**
 * A session: the verbs, and every streaming form of a request, sent with
 * the session's settings. Public through `Http` (HttpSession.ts), so
 * nothing here is marked internal.
 */
import type * as PlatformError from "#line/platform/PlatformError"
import type * as FileSystem from "#line/platform/FileSystem"
import type * as HttpClient from "#line/http/HttpClient"
import type * as HttpClientError from "#line/http/HttpClientError"
import type * as Effect from "effect/Effect"
import type * as Schemas from "#line/schema"
import type * as Stream from "effect/Stream"
import type * as HttpError from "../../HttpError.js"
import type * as Middleware from "../../Middleware.js"
import type { Method, Options, SessionConfig } from "./options.js"
import type { Response } from "./response.js"
import type { Download, PageOptions, SseEvent, SseOptions } from "./streaming.js"

/**
 * `R` is what its requests need: `HttpClient` for a session from
 * `Http.make`, nothing for one from `Http.client`, which took it once. `E`
 * is what they fail with: `HttpError` with the `data` type of the
 * session's `errorBody`.
 */
export interface Session<R = HttpClient.HttpClient, E = HttpError.HttpError> {
  readonly config: SessionConfig
  /** The session's cookie jar (`cookies: true`), to read, seed and clear. */
  readonly cookies: SessionCookies
  /**
   * The session as a platform `HttpClient`, for code written against that
   * interface (generated API clients, `HttpApiClient`): every request it
   * executes goes through this session (baseUrl, headers, auth,
   * middleware, cookies, retries, cache, limits, timeouts, redirects).
   * Every status is returned, after the session's retries; a failure
   * without a response is the platform's `RequestError` with this
   * library's error as its `cause` (`HttpError.fromPlatform`). A path
   * starting with `/` is taken under the baseUrl; a `.` or `..` segment is
   * refused. `Http.layerFromSession(config)` provides one as the
   * `HttpClient`.
   */
  readonly httpClient: HttpClient.HttpClient.With<HttpClientError.HttpClientError, R>
  request(method: Method, url: string | URL, options?: Options): Effect.Effect<Response, E, R>
  get(url: string | URL, options?: Options): Effect.Effect<Response, E, R>
  post(url: string | URL, options?: Options): Effect.Effect<Response, E, R>
  put(url: string | URL, options?: Options): Effect.Effect<Response, E, R>
  patch(url: string | URL, options?: Options): Effect.Effect<Response, E, R>
  del(url: string | URL, options?: Options): Effect.Effect<Response, E, R>
  head(url: string | URL, options?: Options): Effect.Effect<Response, E, R>
  options(url: string | URL, options?: Options): Effect.Effect<Response, E, R>
  /**
   * Pages of a listing: the first at `first` (a URL, or a request of this
   * session such as a search POST), each next one where `next` says (by
   * default the `Link` header's `rel="next"`), all sent by this session.
   * A next URL outside the session's scope (its `baseUrl`, or the first
   * page's origin) fails with `InvalidUrl` before anything is sent, unless
   * `allowForeignLinks` lets it go, without the session's credentials.
   */
  paginate(first: string | URL | Effect.Effect<Response, E, R>, options?: PageOptions): Stream.Stream<Response, E, R>
  /** `Http.sse` through this session: every reconnection carries its settings. */
  sse(url: string | URL, options?: SseOptions): Stream.Stream<SseEvent, E, R>
  /** The body of a GET as NDJSON values decoded with `schema`. */
  ndjson<A, I, RS>(
    url: string | URL,
    schema: Schemas.Codec<A, I, RS>,
    options?: Options
  ): Stream.Stream<A, E, R | RS>
  /** `Http.download` through this session. */
  download(
    url: string | URL,
    path: string,
    options?: Options
  ): Effect.Effect<Download, E | PlatformError.PlatformError, R | FileSystem.FileSystem>
  /**
   * A new session with this one's config merged with `config`; its
   * `middleware` run inside this session's own.
   */
  extend<const M extends ReadonlyArray<Middleware.Any>>(
    config: Omit<SessionConfig, "errorBody"> & { readonly middleware: M }
  ): Session<R | Middleware.RequirementsOf<M>, E | Middleware.ErrorOf<M>>
  extend(config: Omit<SessionConfig, "errorBody">): Session<R, E>
}

/** A cookie as the jar holds it. */
export interface JarCookie {
  readonly name: string
  /** As it is sent: the text the server set. */
  readonly value: string
  /** The host it goes to, and with `hostOnly` false its subdomains too. */
  readonly domain: string
  readonly hostOnly: boolean
  readonly path: string
  /** Sent over https only. */
  readonly secure: boolean
  /** When it expires; undefined for one that lasts as long as the jar. */
  readonly expires: Date | undefined
  /** When it was first set, in epoch millis by Effect's Clock. */
  readonly created: number
}

/**
 * A session's cookie jar, like requests' `s.cookies`. A cookie is seeded
 * as a response from its URL would set it, under the same rules (a
 * `Domain` the URL's host belongs to, `Secure` only from https, the
 * `__Host-`/`__Secure-` prefixes), so seeding cannot send a cookie where
 * a server could not have set it. Without `cookies: true` the jar is
 * absent: the reads give nothing and `set` fails.
 */
export interface SessionCookies {
  /** Every cookie held that has not expired, oldest first. */
  readonly list: Effect.Effect<ReadonlyArray<JarCookie>>
  /** The value a request to `url` would send for `name`, if any. */
  get(url: string | URL, name: string): Effect.Effect<string | undefined, HttpError.InvalidUrl>
  /**
   * Stores `cookie` (a `Set-Cookie` value, such as `"sid=abc; Path=/; Secure"`)
   * as if `url` had answered with it. `InvalidRequest` when there is no
   * jar, the text is no cookie or the jar's rules refuse it; one already
   * expired removes that cookie.
   */
  set(url: string | URL, cookie: string): Effect.Effect<void, HttpError.InvalidRequest | HttpError.InvalidUrl>
  /** Removes the cookies named `name` (of `domain` and `path`, when given); how many. */
  delete(name: string, options?: { readonly domain?: string | undefined; readonly path?: string | undefined }): Effect.Effect<number>
  /** Empties the jar. */
  readonly clear: Effect.Effect<void>
  /**
   * Writes the jar to a file (JSON, readable by its owner only: mode 0600)
   * or to a `Persistence` store; how many cookies. Cookies without an
   * expiry (session cookies) are left out unless `includeSessionCookies`.
   * The file holds live credentials: keep it as you would a password.
   */
  save(to: JarFile): Effect.Effect<number, HttpError.InvalidRequest | PlatformError.PlatformError, FileSystem.FileSystem>
  save(to: JarStore): Effect.Effect<number, HttpError.InvalidRequest>
  /**
   * Adds the cookies saved by `save` to the jar; how many it kept. Each is
   * set again as a response from its origin would set it, under the jar's
   * rules; one past its expiry is skipped. `InvalidRequest` when the source
   * holds no saved jar.
   */
  load(from: JarFile): Effect.Effect<number, HttpError.InvalidRequest | PlatformError.PlatformError, FileSystem.FileSystem>
  load(from: JarStore): Effect.Effect<number, HttpError.InvalidRequest>
}

/** Where `session.cookies.save` writes: a file. */
export interface JarFile {
  readonly file: string
  /** Save cookies without an expiry too. @default false */
  readonly includeSessionCookies?: boolean | undefined
}

/** Where `session.cookies.save` writes: the context's `Persistence` store, under `key`. */
export interface JarStore {
  readonly store: "persistence"
  /** @default "cookies" */
  readonly key?: string | undefined
  /** Save cookies without an expiry too. @default false */
  readonly includeSessionCookies?: boolean | undefined
}
