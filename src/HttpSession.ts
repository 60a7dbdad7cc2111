/**
 * Requests and sessions: `Http.get(url)` and the other verbs, and
 * `Http.make(config)` for a session that shares a base URL, headers, auth
 * and limits. Part of the `Http` namespace.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "#line/http/HttpClient"
import type * as Layer from "effect/Layer"
import type * as Effect from "effect/Effect"
import type * as Schemas from "#line/schema"
import type * as HttpError from "./HttpError.js"
import type * as Middleware from "./Middleware.js"
import type { Method, Options, SessionConfig } from "./HttpOptions.js"
import * as session from "./internal/session.js"
import * as Stateless from "./internal/stateless.js"
import type * as Types from "./internal/types/response.js"
import type * as SessionTypes from "./internal/types/session.js"

/**
 * What every verb returns.
 *
 * @example
 * ```ts
 * import { Http } from "effect-requests"
 *
 * const ping: Http.Request = Http.head("http://127.0.0.1:8080/get")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Request = Types.Request

/**
 * A session: verbs that share a base URL, headers, auth and limits, and
 * every streaming form of a request (pages, events, NDJSON, downloads). `R`
 * is what its requests need: `HttpClient` from `Http.make`, nothing from
 * `Http.client`.
 *
 * @example
 * ```ts
 * import { Http } from "effect-requests"
 *
 * const api: Http.Session = Http.make({ baseUrl: "http://127.0.0.1:8080/" })
 * const admin = api.extend({ headers: { "x-admin": "1" } })
 * const program = admin.get("anything")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Session<R = HttpClient.HttpClient, E = HttpError.HttpError> extends SessionTypes.Session<R, E> {}

/**
 * A session's cookie jar, `session.cookies`: list, get, seed (`set`, under
 * the rules a server's `Set-Cookie` is held to), delete and clear.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 *
 * const site = Http.make({ baseUrl: "http://127.0.0.1:8080/", cookies: true })
 * const jar: Http.SessionCookies = site.cookies
 * const program = Effect.gen(function* () {
 *   yield* jar.set("http://127.0.0.1:8080/", "theme=dark; Path=/")
 *   return yield* jar.get("http://127.0.0.1:8080/", "theme")
 * })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface SessionCookies extends SessionTypes.SessionCookies {}

/**
 * A cookie as `session.cookies.list` shows it: name, value, where it goes
 * (domain, `hostOnly`, path, `secure`), when it expires and when it was set.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 *
 * const site = Http.make({ cookies: true })
 * const names = Effect.map(site.cookies.list, (cookies: ReadonlyArray<Http.JarCookie>) => cookies.map((c) => c.name))
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface JarCookie extends SessionTypes.JarCookie {}

/**
 * Where `session.cookies.save` writes and `load` reads: a file (mode 0600).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 *
 * const site = Http.make({ cookies: true })
 * const file: Http.JarFile = { file: "cookies.json" }
 * const program = Effect.andThen(site.cookies.load(file), site.cookies.save(file))
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface JarFile extends SessionTypes.JarFile {}

/**
 * Where `session.cookies.save` writes and `load` reads: the context's
 * `Persistence` store (memory, a key-value store, Redis), under a key.
 *
 * @example
 * ```ts
 * import { Http } from "effect-requests"
 *
 * const site = Http.make({ cookies: true })
 * const shared: Http.JarStore = { store: "persistence", key: "alice" }
 * const program = site.cookies.save(shared)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface JarStore extends SessionTypes.JarStore {}

/**
 * Makes a session.
 *
 * @example
 * ```ts
 * import { Effect, Schema } from "effect"
 * import { Auth, Http } from "effect-requests"
 *
 * const github = Http.make({
 *   baseUrl: "https://api.github.com/",
 *   headers: { accept: "application/vnd.github+json" },
 *   auth: Auth.bearer("token"),
 *   timeout: "10 seconds"
 * })
 * const User = Schema.Struct({ login: Schema.String })
 * const program = github.get("users/octocat").pipe(Http.decode(User))
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: {
  <D, I, const M extends ReadonlyArray<Middleware.Any>>(
    config: SessionConfig & { readonly errorBody: Schemas.Codec<D, I, never>; readonly middleware: M }
  ): Session<HttpClient.HttpClient | Middleware.RequirementsOf<M>, HttpError.HttpError<D> | Middleware.ErrorOf<M>>
  <const M extends ReadonlyArray<Middleware.Any>>(
    config: SessionConfig & { readonly middleware: M }
  ): Session<HttpClient.HttpClient | Middleware.RequirementsOf<M>, HttpError.HttpError | Middleware.ErrorOf<M>>
  <D, I>(config: SessionConfig & { readonly errorBody: Schemas.Codec<D, I, never> }): Session<HttpClient.HttpClient, HttpError.HttpError<D>>
  (config?: SessionConfig): Session
  // The overloads type the session; on effect 4 a session is invariant in
  // R (its httpClient), so the one made is typed by them, not checked against them.
} = ((config: SessionConfig = {}) => session.make(config)) as typeof make


/**
 * Makes a session that took its `HttpClient` once, the Effect way: its
 * requests need nothing more (`R = never`), so a service built on it has
 * no `HttpClient` in its methods' types. Provide `Http.layer`,
 * `NodeHttp.layer` or `MockHttp.layer` to the layer that makes it.
 *
 * @example
 * ```ts
 * import { Context, Effect, Layer } from "effect"
 * import { Auth, Http } from "effect-requests"
 *
 * class GitHub extends Context.Service<GitHub, Http.Session<never>>()("GitHub") {}
 *
 * const GitHubLive = Layer.effect(
 *   GitHub,
 *   Http.client({ baseUrl: "https://api.github.com/", auth: Auth.bearer("token") })
 * ).pipe(Layer.provide(Http.layer))
 *
 * const repos = Effect.gen(function* () {
 *   const api = yield* GitHub
 *   return yield* api.get("user/repos")
 * })
 * ```
 *
 * ```ts effect3
 * import { Context, Effect, Layer } from "effect"
 * import { Auth, Http } from "effect-requests/v3"
 *
 * class GitHub extends Context.Tag("GitHub")<GitHub, Http.Session<never>>() {}
 *
 * const GitHubLive = Layer.effect(
 *   GitHub,
 *   Http.client({ baseUrl: "https://api.github.com/", auth: Auth.bearer("token") })
 * ).pipe(Layer.provide(Http.layer))
 *
 * const repos = Effect.gen(function* () {
 *   const api = yield* GitHub
 *   return yield* api.get("user/repos")
 * })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const client: {
  <D, I, const M extends ReadonlyArray<Middleware.Any>>(
    config: SessionConfig & { readonly errorBody: Schemas.Codec<D, I, never>; readonly middleware: M }
  ): Effect.Effect<Session<Middleware.RequirementsOf<M>, HttpError.HttpError<D> | Middleware.ErrorOf<M>>, never, HttpClient.HttpClient>
  <const M extends ReadonlyArray<Middleware.Any>>(
    config: SessionConfig & { readonly middleware: M }
  ): Effect.Effect<Session<Middleware.RequirementsOf<M>, HttpError.HttpError | Middleware.ErrorOf<M>>, never, HttpClient.HttpClient>
  <D, I>(
    config: SessionConfig & { readonly errorBody: Schemas.Codec<D, I, never> }
  ): Effect.Effect<Session<never, HttpError.HttpError<D>>, never, HttpClient.HttpClient>
  (config?: SessionConfig): Effect.Effect<Session<never>, never, HttpClient.HttpClient>
  // Typed by the overloads, as `make` is.
} = ((config: SessionConfig = {}) => session.client(config)) as typeof client

/**
 * A layer whose `HttpClient` is a session's: every request made through
 * the platform `HttpClient` (a generated API client, `HttpApiClient`, your
 * own code) goes through a session of `config`, its baseUrl, auth,
 * middleware, retries, cache and limits included. Build it on a transport
 * layer. Every status is returned, after the session's retries; see
 * `session.httpClient`.
 *
 * @example
 * ```ts
 * import { Effect, Layer } from "effect"
 * import { HttpClient } from "effect/http"
 * import { Auth, Http, Retry } from "effect-requests"
 *
 * const GitHub = Http.layerFromSession({ baseUrl: "https://api.github.com", auth: Auth.bearer("token"), retry: Retry.policy() }).pipe(
 *   Layer.provide(Http.layer)
 * )
 * const user = HttpClient.get("/users/octocat").pipe(Effect.flatMap((res) => res.json), Effect.provide(GitHub))
 * ```
 *
 * ```ts effect3
 * import { HttpClient } from "@effect/platform"
 * import { Effect, Layer } from "effect"
 * import { Auth, Http, Retry } from "effect-requests/v3"
 *
 * const GitHub = Http.layerFromSession({ baseUrl: "https://api.github.com", auth: Auth.bearer("token"), retry: Retry.policy() }).pipe(
 *   Layer.provide(Http.layer)
 * )
 * const user = HttpClient.get("/users/octocat").pipe(Effect.flatMap((res) => res.json), Effect.provide(GitHub))
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const layerFromSession: {
  <const M extends ReadonlyArray<Middleware.Any>>(
    config: SessionConfig & { readonly middleware: M }
  ): Layer.Layer<HttpClient.HttpClient, never, HttpClient.HttpClient | Middleware.RequirementsOf<M>>
  (config?: SessionConfig): Layer.Layer<HttpClient.HttpClient, never, HttpClient.HttpClient>
} = (config: SessionConfig = {}) => session.layerFromSession(config)

/**
 * Sends a request with any method.
 *
 * @example
 * ```ts
 * import { Http } from "effect-requests"
 *
 * const program = Http.request("PROPFIND", "http://127.0.0.1:8080/anything")
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const request: (method: Method, url: string | URL, options?: Options) => Request = Stateless.request

/**
 * `GET`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 *
 * const program = Effect.gen(function* () {
 *   const res = yield* Http.get("http://127.0.0.1:8080/get", { params: { q: "effect" } })
 *   return yield* res.json
 * })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const get: (url: string | URL, options?: Options) => Request = (url, options) => Stateless.request("GET", url, options)

/**
 * `POST`.
 *
 * @example
 * ```ts
 * import { Http } from "effect-requests"
 *
 * const program = Http.post("http://127.0.0.1:8080/post", { form: { key: "value" } })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const post: (url: string | URL, options?: Options) => Request = (url, options) => Stateless.request("POST", url, options)

/**
 * `PUT`.
 *
 * @example
 * ```ts
 * import { Http } from "effect-requests"
 *
 * const program = Http.put("http://127.0.0.1:8080/put", { json: { id: 1 } })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const put: (url: string | URL, options?: Options) => Request = (url, options) => Stateless.request("PUT", url, options)

/**
 * `PATCH`.
 *
 * @example
 * ```ts
 * import { Http } from "effect-requests"
 *
 * const program = Http.patch("http://127.0.0.1:8080/patch", { json: { name: "new" } })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const patch: (url: string | URL, options?: Options) => Request = (url, options) => Stateless.request("PATCH", url, options)

/**
 * `DELETE` (`delete` is a reserved word).
 *
 * @example
 * ```ts
 * import { Http } from "effect-requests"
 *
 * const program = Http.del("http://127.0.0.1:8080/delete")
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const del: (url: string | URL, options?: Options) => Request = (url, options) => Stateless.request("DELETE", url, options)

/**
 * `HEAD`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 *
 * const length = Http.head("http://127.0.0.1:8080/bytes/10").pipe(
 *   Effect.map((res) => res.headers.get("content-length"))
 * )
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const head: (url: string | URL, options?: Options) => Request = (url, options) => Stateless.request("HEAD", url, options)

/**
 * `OPTIONS`.
 *
 * @example
 * ```ts
 * import { Http } from "effect-requests"
 *
 * const program = Http.options("http://127.0.0.1:8080/anything")
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const options: (url: string | URL, options?: Options) => Request = (url, options) => Stateless.request("OPTIONS", url, options)
