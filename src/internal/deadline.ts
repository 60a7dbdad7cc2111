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
import type * as Interruption from "./interruption.js"
import type * as Proxy from "./proxy.js"

/** Where an HttpClient whose transport keeps deadlines itself carries its `Send`. @internal */
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
}

/** Marks a transport that can route requests through a proxy (`Deadline.proxy`). @internal */
export const ProxyAware: unique symbol = Symbol.for("effect-requests/ProxyAware")

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

/**
 * The longest delay a runtime timer takes (2³¹ − 1 ms, about 24.8 days);
 * a longer one fires at once. A deadline further away than that is kept
 * as none, like Effect's own sleep does.
 *
 * @internal
 */
export const MAX_TIMER_MILLIS = 2 ** 31 - 1

/** Whether there is a deadline to keep (an attempt without a timeout, or one past any timer, has none). @internal */
export const isTimed = (deadline: Deadline | undefined): deadline is Deadline =>
  deadline !== undefined && deadline.remainingMillis <= MAX_TIMER_MILLIS

/** What an attempt's timer expires: it knows which phase the attempt is in. @internal */
export interface Expirable {
  readonly phase: "headers" | "body"
  expire(reason: DeadlineExceeded): void
}

const fire = (target: Expirable, timeoutMillis: number) => target.expire(new DeadlineExceeded(target.phase, timeoutMillis))

/**
 * Starts the one timer of an attempt, which expires `target` with the
 * DeadlineExceeded of its phase; clear it with `clearTimeout`. No closure
 * per request: the target rides along as the timer's argument.
 *
 * @internal
 */
export const startTimer = (
  deadline: Deadline | undefined,
  target: Expirable
): ReturnType<typeof setTimeout> | undefined => {
  if (!isTimed(deadline)) return undefined
  const handle = setTimeout(fire, deadline.remainingMillis, target, deadline.timeoutMillis)
  // A pending request keeps the process alive by itself; the timer need not.
  ;(handle as { unref?: () => void }).unref?.()
  return handle
}

/**
 * How a deadline-aware transport sends: the request, its parsed URL, the
 * deadline to keep and the fiber that waits. The client carries it under `DeadlineAware`, and
 * `execute` calls it directly: the platform's `execute` would add two
 * Effect steps and lose the deadline.
 *
 * @internal
 */
export type Send = (
  request: HttpClientRequest.HttpClientRequest,
  url: URL,
  deadline: Deadline | undefined,
  /** The fiber that waits, when the caller knows it (see interruption.ts). */
  fiber: Interruption.Waiter | undefined
) => Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError>

/** The transport's own send, when `client` is one of ours and not wrapped. @internal */
export const directSend = (client: HttpClient.HttpClient): Send | undefined =>
  (client as { readonly [DeadlineAware]?: Send })[DeadlineAware]

/**
 * A platform `HttpClient` made with `makeWith` around a transport's send
 * (`execute` has no deadline and parses the URL), carrying the send under
 * `DeadlineAware` (and marked `ProxyAware` when the transport routes by
 * `proxy`).
 *
 * @internal
 */
export const makeClient = (send: Send, routesProxies = false): HttpClient.HttpClient =>
  Object.assign(
    HttpClient.makeWith<never, never, HttpClientError.HttpClientError, never>(
      (effect) =>
        Effect.flatMap(effect, (request) => {
          const url = UrlParams.makeUrl(request.url, request.urlParams, request.hash)
          if (url._tag === "Left") {
            return Effect.fail(new HttpClientError.RequestError({ request, reason: "InvalidUrl", cause: url.left }))
          }
          return send(request, url.right, undefined, undefined)
        }),
      Effect.succeed as HttpClient.HttpClient.Preprocess<never, never>
    ),
    routesProxies ? { [DeadlineAware]: send, [ProxyAware]: true } : { [DeadlineAware]: send }
  )
