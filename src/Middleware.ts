/**
 * Your own code on every send of a session: `Http.make({ middleware: [...] })`.
 * A middleware gets the request as it is about to go out — after the
 * session's headers, auth, cookies and body are in — and `next`, which
 * sends it; it may change the request, look at or replace the response,
 * call `next` again, or fail with its own typed error, which then appears
 * in the session's type.
 *
 * It runs once per send: on every attempt of the retry policy and on every
 * redirect hop, told which by its `info` (`attempt` from 1, `hop` from 0).
 * The first middleware of the list is the outermost: it sees the request
 * first and the response last; `session.extend({ middleware })` adds
 * middleware inside the session's own.
 *
 * What still holds after a middleware: the request goes to the origin it
 * was for (a new origin is an `InvalidRequest`), under the session's
 * `baseUrl` when it was; header values are checked as the session's are;
 * and on a hop to another origin than the request's, the credential
 * headers (`Authorization`, `Cookie`, API keys: the redaction list) are
 * what the library sent, whatever a middleware set. A middleware's own
 * error is never retried and never counts against the circuit breaker; a
 * response the cache answers runs no middleware.
 *
 * @since 0.1.0
 */
import type * as HttpClientRequest from "#line/http/HttpClientRequest"
import type * as HttpClientResponse from "#line/http/HttpClientResponse"
import type * as Effect from "effect/Effect"
import type * as HttpError from "./HttpError.js"

/**
 * Which send a middleware is running for.
 *
 * @example
 * ```ts
 * import type { Middleware } from "effect-requests"
 *
 * const describe = (info: Middleware.Info) => `attempt ${info.attempt}, hop ${info.hop} to ${info.url.host}`
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Info {
  /** The attempt under the retry policy: 1 for the first. */
  readonly attempt: number
  /** The redirect hop within the attempt: 0 for the request itself. */
  readonly hop: number
  /** Where this send goes, parsed. */
  readonly url: URL
  /** Whether this hop left the origin the request was made for (its credentials are gone). */
  readonly crossOrigin: boolean
}

/**
 * Sends a request on: to the next middleware, or to the transport.
 *
 * @example
 * ```ts
 * import type { Middleware } from "effect-requests"
 *
 * const passThrough: Middleware.Middleware = (request, next: Middleware.Next) => next(request)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Next = (
  request: HttpClientRequest.HttpClientRequest
) => Effect.Effect<HttpClientResponse.HttpClientResponse, HttpError.HttpError>

/**
 * A middleware: the request about to be sent and `next`, to a response.
 * `E` and `R` are its own errors and requirements; a session made with it
 * has them in its type.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { HttpClientRequest } from "effect/http"
 * import { Http, type Middleware } from "effect-requests"
 *
 * // A header computed afresh for every attempt and every redirect hop.
 * const requestId: Middleware.Middleware = (request, next, info) =>
 *   next(HttpClientRequest.setHeader(request, "x-request-id", `${crypto.randomUUID()}/${info.attempt}`))
 *
 * const session = Http.make({ middleware: [requestId] })
 * const program = session.get("https://api.example.com/items").pipe(Effect.provide(Http.layer))
 * ```
 *
 * ```ts effect3
 * import { HttpClientRequest } from "@effect/platform"
 * import { Effect } from "effect"
 * import { Http, type Middleware } from "effect-requests/v3"
 *
 * const requestId: Middleware.Middleware = (request, next, info) =>
 *   next(HttpClientRequest.setHeader(request, "x-request-id", `${crypto.randomUUID()}/${info.attempt}`))
 *
 * const session = Http.make({ middleware: [requestId] })
 * const program = session.get("https://api.example.com/items").pipe(Effect.provide(Http.layer))
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Middleware<E = never, R = never> = (
  request: HttpClientRequest.HttpClientRequest,
  next: Next,
  info: Info
) => Effect.Effect<HttpClientResponse.HttpClientResponse, E | HttpError.HttpError, R>

/**
 * Any middleware, whatever its error and requirements.
 *
 * @example
 * ```ts
 * import type { Middleware } from "effect-requests"
 *
 * const count = (list: ReadonlyArray<Middleware.Any>) => list.length
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Any = Middleware<any, any>

/**
 * The errors of a list of middleware, other than `HttpError`.
 *
 * @example
 * ```ts
 * import { Data, Effect } from "effect"
 * import type { Middleware } from "effect-requests"
 *
 * class Unsigned extends Data.TaggedError("Unsigned")<{}> {}
 * const sign: Middleware.Middleware<Unsigned> = () => Effect.fail(new Unsigned())
 * type E = Middleware.ErrorOf<[typeof sign]> // Unsigned
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ErrorOf<M extends ReadonlyArray<Any>> = Exclude<
  { [K in keyof M]: M[K] extends Middleware<infer E, infer _R> ? E : never }[number],
  HttpError.HttpError
>

/**
 * What a list of middleware needs from the context.
 *
 * @example
 * ```ts
 * import { Context } from "effect"
 * import type { Middleware } from "effect-requests"
 *
 * class Signer extends Context.Service<Signer, { readonly key: string }>()("Signer") {}
 * type R = Middleware.RequirementsOf<[Middleware.Middleware<never, Signer>]> // Signer
 * ```
 *
 * ```ts effect3
 * import { Context } from "effect"
 * import type { Middleware } from "effect-requests/v3"
 *
 * class Signer extends Context.Tag("Signer")<Signer, { readonly key: string }>() {}
 * type R = Middleware.RequirementsOf<[Middleware.Middleware<never, Signer>]> // Signer
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type RequirementsOf<M extends ReadonlyArray<Any>> = {
  [K in keyof M]: M[K] extends Middleware<infer _E, infer R> ? R : never
}[number]
