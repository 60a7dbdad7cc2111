/**
 * Handing an attempt's deadline down to a transport that can keep it with
 * one timer of its own (both of ours), instead of racing each phase
 * against a sleeping fiber. A transport marks its client with
 * `DeadlineAware`; a client wrapped by anything else is not marked and gets
 * the generic, Clock-driven timeout, so TestClock still governs MockHttp.
 *
 * @internal
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as UrlParams from "@effect/platform/UrlParams"
import * as Effect from "effect/Effect"
import { globalValue } from "effect/GlobalValue"
import type * as Proxy from "./proxy.js"

/** Marks an HttpClient whose transport enforces the `deadlines` of its requests itself. @internal */
export const DeadlineAware: unique symbol = Symbol.for("effect-requests/DeadlineAware")

/**
 * What is left of the attempt (Infinity for no timeout), its whole timeout
 * (for the error), and the proxy to route it by: all a transport needs to
 * know of the attempt.
 *
 * @internal
 */
export interface Deadline {
  readonly remainingMillis: number
  readonly timeoutMillis: number
  readonly proxy?: Proxy.Route | undefined
  /** The request's URL, parsed already: the transport need not parse it again. */
  readonly url?: URL | undefined
}

/** Marks a transport that can route requests through a proxy (`Deadline.proxy`). @internal */
export const ProxyAware: unique symbol = Symbol.for("effect-requests/ProxyAware")

/**
 * The deadline of each request handed to a deadline-aware transport, keyed
 * by the request object itself: the transport gets that very object (its
 * client is ours, unwrapped, or it would not be marked), and a WeakMap
 * costs no Effect step, where a FiberRef set with `Effect.locally` cost
 * several per request.
 *
 * @internal
 */
export const deadlines: WeakMap<HttpClientRequest.HttpClientRequest, Deadline> = globalValue(
  Symbol.for("effect-requests/deadlines"),
  () => new WeakMap()
)

/**
 * The failure a deadline-aware transport reports: the platform wraps it as
 * a transport or body error, and the error mapping turns it into a
 * `TimeoutError` of this phase.
 *
 * @internal
 */
export class DeadlineExceeded extends Error {
  constructor(readonly phase: "headers" | "body", readonly timeoutMillis: number) {
    super(`deadline of ${timeoutMillis} ms exceeded (${phase})`)
    this.name = "DeadlineExceeded"
  }
}

/** Whether there is a deadline to keep (an attempt without a timeout has none). @internal */
export const isTimed = (deadline: Deadline | undefined): deadline is Deadline =>
  deadline !== undefined && deadline.remainingMillis !== Infinity

/**
 * Starts the one timer of an attempt; `expire` gets the DeadlineExceeded
 * of the phase the attempt is in. Gives the function that clears it.
 *
 * @internal
 */
export const startTimer = (
  deadline: Deadline | undefined,
  phase: () => "headers" | "body",
  expire: (reason: DeadlineExceeded) => void
): () => void => {
  if (!isTimed(deadline)) return () => {}
  let handle: ReturnType<typeof setTimeout> | undefined = setTimeout(() => {
    handle = undefined
    expire(new DeadlineExceeded(phase(), deadline.timeoutMillis))
  }, deadline.remainingMillis)
  // A pending request keeps the process alive by itself; the timer need not.
  ;(handle as { unref?: () => void }).unref?.()
  return () => {
    if (handle !== undefined) clearTimeout(handle)
    handle = undefined
  }
}

/**
 * A platform `HttpClient` made with `makeWith` around a transport's send,
 * given the request, its URL and the deadline to keep, and marked
 * `DeadlineAware` (and `ProxyAware` when the transport routes by `proxy`).
 *
 * @internal
 */
export const makeClient = (
  send: (
    request: HttpClientRequest.HttpClientRequest,
    url: URL,
    deadline: Deadline | undefined
  ) => Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError>,
  routesProxies = false
): HttpClient.HttpClient =>
  Object.assign(
    HttpClient.makeWith<never, never, HttpClientError.HttpClientError, never>(
      (effect) =>
        Effect.flatMap(effect, (request) => {
          const attempt = deadlines.get(request)
          if (attempt?.url !== undefined) return send(request, attempt.url, attempt)
          const url = UrlParams.makeUrl(request.url, request.urlParams, request.hash)
          if (url._tag === "Left") {
            return Effect.fail(new HttpClientError.RequestError({ request, reason: "InvalidUrl", cause: url.left }))
          }
          return send(request, url.right, attempt)
        }),
      Effect.succeed as HttpClient.HttpClient.Preprocess<never, never>
    ),
    routesProxies ? { [DeadlineAware]: true, [ProxyAware]: true } : { [DeadlineAware]: true }
  )
