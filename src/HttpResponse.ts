/**
 * The response of `Http`'s requests and the combinators that read it. Part
 * of the `Http` namespace: `import { Http } from "effect-requests"` gives
 * every export here.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import type * as Schemas from "#line/schema"
import type * as HttpError from "./HttpError.js"
import * as combinators from "./internal/combinators.js"
import type * as Types from "./internal/types/response.js"

/**
 * Response headers; names are case-insensitive. Printing them redacts
 * credentials.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 *
 * const type = Http.get("http://127.0.0.1:8080/get").pipe(
 *   Effect.map((res) => res.headers.get("Content-Type"))
 * )
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ResponseHeaders extends Types.ResponseHeaders {}

/**
 * A response. Status and headers are there at once; the body is read by
 * `text`, `json`, `bytes` or `decode` (read once, then cached) or consumed
 * as a `stream`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 *
 * const program = Effect.gen(function* () {
 *   const res: Http.Response = yield* Http.get("http://127.0.0.1:8080/get")
 *   return { status: res.status, body: yield* res.text }
 * })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Response extends Types.Response {}

/**
 * One redirect response of a chain, in `res.history`: the URL that
 * answered, its status and headers, and how long it took.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 *
 * const hops = Http.get("http://127.0.0.1:8080/redirect/2").pipe(
 *   Effect.map((res) => res.history.map((hop: Http.Redirected) => `${hop.status} ${hop.url}`))
 * )
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Redirected extends Types.Redirected {}

/**
 * How a session's cache answered a request: `"hit"` (stored and fresh, no
 * request sent), `"miss"` (from the network), `"revalidated"` (stored, and
 * the server said with a 304 that it is still good), `"stale"` (stored and
 * past its freshness, served as `stale-while-revalidate` or
 * `stale-if-error` allow).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 *
 * const api = Http.make({ cache: true })
 * const status = Effect.map(api.get("http://127.0.0.1:8080/cache/60"), (res): Http.CacheStatus | undefined => res.cache)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type CacheStatus = Types.CacheStatus

/**
 * Decodes the body of a response as JSON with a schema; pipe it after a verb.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Http } from "effect-requests"
 *
 * const Echo = Schema.Struct({ url: Schema.String })
 * const program = Http.get("http://127.0.0.1:8080/get").pipe(Http.decode(Echo))
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const decode: {
  <A, I, RS>(
    schema: Schemas.Codec<A, I, RS>
  ): <E, R>(self: Effect.Effect<Response, E, R>) => Effect.Effect<A, E | HttpError.BodyError, R | RS>
  <E, R, A, I, RS>(
    self: Effect.Effect<Response, E, R>,
    schema: Schemas.Codec<A, I, RS>
  ): Effect.Effect<A, E | HttpError.BodyError, R | RS>
} = combinators.decode

/**
 * Handles a `StatusError` of one status (or any of several), leaving the
 * others in the error channel.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 *
 * const maybeUser = Http.get("http://127.0.0.1:8080/status/404").pipe(
 *   Effect.as("found"),
 *   Http.catchStatus(404, () => Effect.succeed("missing"))
 * )
 * ```
 *
 * @since 0.1.0
 * @category error handling
 */
export const catchStatus: {
  <E, A2, E2, R2>(
    status: number | ReadonlyArray<number>,
    f: (error: NoInfer<StatusErrorOf<E>>) => Effect.Effect<A2, E2, R2>
  ): <A, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A | A2, E | E2, R | R2>
  <A, E, R, A2, E2, R2>(
    self: Effect.Effect<A, E, R>,
    status: number | ReadonlyArray<number>,
    f: (error: StatusErrorOf<E>) => Effect.Effect<A2, E2, R2>
  ): Effect.Effect<A | A2, E | E2, R | R2>
  // The handler is given the error as it is: the types say what it is.
} = combinators.catchStatus as any

/**
 * The `StatusError` an error channel holds, with the `data` type its
 * error body gave it (`StatusError<unknown>` when it has none).
 *
 * @example
 * ```ts
 * import { Http, HttpError } from "effect-requests"
 *
 * type Typed = Http.StatusErrorOf<HttpError.HttpError<{ message: string }>> // HttpError.StatusError<{ message: string }>
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type StatusErrorOf<E> = [Extract<E, HttpError.StatusError<any>>] extends [never] ? HttpError.StatusError
  : Extract<E, HttpError.StatusError<any>>

/**
 * Decodes the body of a `StatusError` into `error.data`, typed by the
 * schema; `data` is `undefined` when the body does not match.
 *
 * @example
 * ```ts
 * import { Effect, Schema } from "effect"
 * import { Http } from "effect-requests"
 *
 * const GitHubError = Schema.Struct({ message: Schema.String })
 * const program = Http.get("https://api.github.com/nope").pipe(
 *   Http.errorBody(GitHubError),
 *   Effect.catchTag("StatusError", (e) => Effect.succeed(e.data?.message))
 * )
 * ```
 *
 * @since 0.1.0
 * @category error handling
 */
export const errorBody: {
  <D, I>(
    schema: Schemas.Codec<D, I, never>
  ): <A, E, R>(
    self: Effect.Effect<A, E, R>
  ) => Effect.Effect<A, Exclude<E, HttpError.StatusError> | HttpError.StatusError<D>, R>
  <A, E, R, D, I>(
    self: Effect.Effect<A, E, R>,
    schema: Schemas.Codec<D, I, never>
  ): Effect.Effect<A, Exclude<E, HttpError.StatusError> | HttpError.StatusError<D>, R>
} = combinators.errorBody
