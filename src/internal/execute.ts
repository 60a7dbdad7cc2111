/**
 * Sending a prepared request through its transport (see transport.ts for
 * how it is found): one deadline for the attempt, redirects followed here
 * (so they behave the same on every transport), and the status checked last.
 *
 * @internal
 */
import * as Fibers from "#line/fiber"
import * as Effects from "#line/effect"
import type * as HttpClient from "#line/http/HttpClient"
import * as HttpClientRequest from "#line/http/HttpClientRequest"
import type * as HttpClientResponse from "#line/http/HttpClientResponse"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Http from "./types.js"
import * as HttpError from "../HttpError.js"
import type * as CookieJar from "./cookieJar.js"
import type * as Interruption from "./interruption.js"
import * as CallDeadline from "./callDeadline.js"
import * as Metrics from "./metrics.js"
import * as Middleware from "./middleware.js"
import * as Observe from "./observe.js"
import * as Progress from "./progress.js"
import { ERROR_BODY_LIMIT } from "./decode.js"
import { fromPlatform } from "./platformError.js"
import { type Prepared, withJarCookies } from "./prepare.js"
import { decodeText } from "./readBody.js"
import * as Redirect from "./redirect.js"
import * as Transport from "./transport.js"
import * as WireBody from "./wireBody.js"
import { readBody, redirected, ResponseImpl, withinDeadline } from "./response.js"
import { retryAfterMillis } from "../core/retryAfter.js"
import { isFollowedRedirect } from "../core/status.js"
import { TransportResponse } from "./transportResponse.js"

// A redirect's own body is read this far (so a small one leaves the
// connection reusable) and then abandoned, never inflated whole.
const REDIRECT_BODY_LIMIT = 64 * 1024

const retryAfterOf = (value: string | undefined, now: number): Duration.Duration | undefined => {
  const millis = retryAfterMillis(value, now)
  return millis === undefined ? undefined : Duration.millis(millis)
}

/**
 * The StatusError of a rejected response, with the start of its body as
 * text and its Retry-After read at `now`.
 *
 * @internal
 */
export const statusErrorOf = (response: ResponseImpl, method: string, body: string, now: number): HttpError.StatusError =>
  new HttpError.StatusError({
    method,
    url: response.url,
    status: response.status,
    statusText: response.statusText,
    headers: response.raw.headers,
    body,
    retryAfter: retryAfterOf(response.headers.get("retry-after"), now)
  })

/**
 * What the sends of one request share across its attempts: the span of the
 * whole request (their parent, when traced) and how many there have been.
 *
 * @internal
 */
export interface Sends {
  readonly parent: Observe.RequestSpan | undefined
  count: number
  /** Attempts begun under the retry policy: what a middleware is told. */
  attempts: number
  /** When the whole call must be over (the `deadline` option), by Effect's Clock; Infinity for none. */
  readonly deadline: number
}

/** One attempt's hops and what they share. */
interface Chain {
  readonly prepared: Prepared
  readonly sends: Sends
  readonly transport: Transport.Transport
  /** When the attempt started: the cookie jar's clock. */
  readonly now: number
  readonly deadline: number
  /** The fiber the attempt runs on: a transport's send aborts if it is interrupted. */
  readonly fiber: Interruption.Waiter
  /** The deadline our own body reads keep: Infinity when the transport keeps it (one timer). */
  readonly bodyDeadline: number
  readonly followed: Array<string>
  /** The redirect responses followed so far: `res.history`. */
  readonly history: Array<Http.Redirected>
  /** The call's deadline when it bounds this attempt (its timeouts are then the call's). */
  readonly callBound: number | undefined
  readonly clock: Clock.Clock
  /** How to trace each send, or undefined when no tracer would receive the spans. */
  readonly spans: Observe.SpanSettings | undefined
}

/** A send that got no response (no status), timed from `started`. */
const recordFailedSend = (chain: Chain, method: string, started: number): void =>
  Metrics.recordSend(method, undefined, Fibers.nowMillis(chain.clock) - started)

const hostDropped = "a Host header cannot be sent over fetch (the runtime drops it); NodeHttp.layer sends it"

/** One send within the attempt's deadline; a failed one is counted in the metrics. */
const sendOnce = (
  chain: Chain,
  request: HttpClientRequest.HttpClientRequest,
  url: URL,
  started: number
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpError.HttpError> => {
  const { transport, prepared } = chain
  const method = request.method
  if (!transport.sendsHost && request.headers["host"] !== undefined) {
    return Effect.fail(new HttpError.InvalidRequest({ method, url: request.url, reason: hostDropped }))
  }
  // A stream body was tracked when prepared; one held whole is reported here, per send.
  const upload = prepared.onProgress !== undefined && request.body._tag !== "Empty" && request.body._tag !== "Stream"
    ? prepared.onProgress
    : undefined
  const total = upload === undefined || transport.reportsUpload ? undefined : WireBody.knownLength(request.body)
  const sending = transport.send(request, url, {
    remainingMillis: chain.deadline === Infinity ? Infinity : Math.max(0, chain.deadline - started),
    timeoutMillis: prepared.timeoutMillis,
    proxy: prepared.proxy,
    upload
  }, chain.fiber)
  const transported = total === undefined ? sending : Progress.aroundSend(sending, total, upload!)
  // Only a failure takes a step here (a success is counted by the caller,
  // which has a step of its own for it anyway).
  const sent = Effects.catchAllCause(transported, (cause) => {
    recordFailedSend(chain, method, started)
    return Effect.failCause(Cause.map(cause, (error) => fromPlatform(error, method, request.url)))
  })
  if (transport.keepsDeadline || chain.deadline === Infinity) return sent
  return Effect.tapErrorTag(
    withinDeadline(sent, { deadline: chain.deadline, timeoutMillis: prepared.timeoutMillis, method, url: request.url, phase: "headers" }),
    "TimeoutError",
    () => Effect.sync(() => recordFailedSend(chain, method, started))
  )
}

/** One send, traced and logged when asked to be. */
const send = (
  chain: Chain,
  request: HttpClientRequest.HttpClientRequest,
  url: URL,
  started: number
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpError.HttpError> => {
  const prepared = chain.prepared
  const attempt = ++chain.sends.count
  const length = WireBody.knownLength(request.body)
  if (length !== undefined) Metrics.recordBytesSent(request.method, length)
  const traced = chain.spans === undefined
    // Untraced, a platform client under the adapter (a Cassette, a wrapped
    // client) must not open spans of its own: on the runtime's default
    // tracer they would put random trace ids into every request's headers.
    ? chain.transport.keepsDeadline ? sendOnce(chain, request, url, started) : Fibers.withoutClientSpans(sendOnce(chain, request, url, started))
    // Only the adapter's client (a platform one) may open spans of its own.
    : Observe.traceSend(chain.fiber, chain.spans, request, url, attempt - 1, chain.sends.parent, chain.transport.keepsDeadline, (traced) =>
      sendOnce(chain, traced, url, started))
  if (prepared.log === "off") return traced
  const log = (outcome: Parameters<typeof Observe.logSend>[6]) =>
    Observe.logSend(prepared.log, request.method, url, attempt, Fibers.nowMillis(chain.clock) - started, length, outcome)
  return Effects.tapBoth(traced, log)
}

const discardBody = (raw: HttpClientResponse.HttpClientResponse, prepared: Prepared, url: string, chain: Chain) =>
  withinDeadline(
    readBody(raw, REDIRECT_BODY_LIMIT, prepared.method, url),
    { deadline: chain.bodyDeadline, timeoutMillis: prepared.timeoutMillis, method: prepared.method, url, phase: "body" }
  ).pipe(Effect.ignore)

const statusError = (response: ResponseImpl, prepared: Prepared, method: string, chain: Chain) =>
  prepared.answer !== undefined ? prepared.answer(response, method) : Effect.flatMap(
    withinDeadline(
      readBody(response.raw, ERROR_BODY_LIMIT, method, response.url),
      { deadline: chain.bodyDeadline, timeoutMillis: prepared.timeoutMillis, method, url: response.url, phase: "body" }
    ).pipe(
      Effect.map(({ bytes }) => decodeText(bytes, response.headers.get("content-type"))),
      Effect.orElseSucceed(() => "")
    ),
    (body) => Effect.flatMap(Clock.currentTimeMillis, (now) => Effect.fail(statusErrorOf(response, method, body, now)))
  )

/** The request with the jar's cookies for its URL added to any Cookie header it has. */
const withJar = (jar: CookieJar.Jar, request: HttpClientRequest.HttpClientRequest, url: URL, now: number) => {
  const own = request.headers["cookie"]
  const cookie = withJarCookies(own, jar, url, now)
  return cookie === own ? request : HttpClientRequest.setHeader(request, "cookie", cookie!)
}

/** One hop of the attempt: send; follow a redirect or check the status. */
const hop = (
  chain: Chain,
  request: HttpClientRequest.HttpClientRequest,
  url: URL,
  crossed: boolean
): Effect.Effect<Http.Response, HttpError.HttpError> => {
  const { clock, now, prepared } = chain
  const jar = prepared.jar
  const started = Fibers.nowMillis(clock)
  const outgoing = jar === undefined ? request : withJar(jar, request, url, now)
  const sent = prepared.middleware === undefined
    ? send(chain, outgoing, url, started)
    : Middleware.around(
      prepared.middleware,
      outgoing,
      { attempt: chain.sends.attempts, hop: chain.followed.length, url, crossOrigin: crossed },
      prepared.base,
      (passed, to) => send(chain, passed, to, Fibers.nowMillis(clock))
    )
  return Effect.flatMap(sent, (raw) => {
    const elapsed = Fibers.nowMillis(clock) - started
    Metrics.recordSend(request.method, raw.status, elapsed)
    jar?.store(url, raw.cookies, now)
    const location = raw.headers["location"]
    if (prepared.redirects > 0 && isFollowedRedirect(raw.status) && location !== undefined) {
      chain.history.push(redirected(raw, url.href, elapsed))
      return Effect.andThen(discardBody(raw, prepared, url.href, chain), follow(chain, request, raw.status, url, location, crossed))
    }
    // A browser followed redirects itself: only where they led is known.
    const landed = raw instanceof TransportResponse ? raw.redirectedTo : undefined
    if (landed !== undefined) chain.followed.push(landed)
    const response = new ResponseImpl(raw, landed ?? url.href, {
      method: prepared.method,
      redirects: chain.followed,
      history: chain.history,
      elapsedMillis: elapsed,
      deadline: chain.bodyDeadline,
      timeoutMillis: prepared.timeoutMillis,
      maxBodySize: prepared.maxBodySize,
      maxLineLength: prepared.maxLineLength,
      onProgress: prepared.onProgress,
      callBound: chain.callBound,
      idleTimeoutMillis: prepared.idleTimeoutMillis
    })
    return prepared.validateStatus(raw.status)
      ? Effect.succeed(response)
      : statusError(response, prepared, request.method, chain)
  })
}

const follow = (
  chain: Chain,
  request: HttpClientRequest.HttpClientRequest,
  status: number,
  from: URL,
  location: string,
  crossed: boolean
): Effect.Effect<Http.Response, HttpError.HttpError> => {
  const prepared = chain.prepared
  if (chain.followed.length >= prepared.redirects) {
    return Effect.fail(
      new HttpError.TooManyRedirects({ method: prepared.method, url: prepared.url.href, redirects: chain.followed })
    )
  }
  const to = Redirect.locationUrl(location, from)
  if (to._tag === "Refused") {
    return Effect.fail(new HttpError.InvalidUrl({ method: request.method, url: from.href, reason: to.reason }))
  }
  const next = Redirect.nextHop(request, status, from, to.value, crossed, prepared.replayable, prepared.allowInsecureRedirects)
  if (next._tag === "Refused") {
    return Effect.fail(new HttpError.InvalidRequest({ method: request.method, url: from.href, reason: next.reason }))
  }
  chain.followed.push(to.value.href)
  return hop(chain, next.value.request, to.value, next.value.crossed)
}

/**
 * One attempt: send, follow redirects, check the status.
 *
 * @internal
 */
export const execute = (prepared: Prepared, sends: Sends): Effect.Effect<Http.Response, HttpError.HttpError, HttpClient.HttpClient> =>
  // One step reads all the attempt needs from the fiber: client, clock, tracer.
  Fibers.withFiber<Http.Response, HttpError.HttpError, HttpClient.HttpClient>((fiber) => {
    const transport = Transport.resolve(Fibers.context(fiber) as Context.Context<HttpClient.HttpClient>)
    const clock = Fibers.clock(fiber)
    const now = Fibers.nowMillis(clock)
    if (sends.deadline <= now) return Effect.fail(CallDeadline.passed(prepared.method, prepared.url.href, prepared.deadlineMillis))
    const own = now + prepared.timeoutMillis
    const deadline = Math.min(own, sends.deadline)
    // When the call's deadline comes first, a timeout of this attempt is the call's.
    const callBound = sends.deadline < own ? prepared.deadlineMillis : undefined
    if (prepared.proxy !== undefined && !transport.routesProxies) {
      return Effect.fail(
        new HttpError.InvalidRequest({
          method: prepared.method,
          url: prepared.url.href,
          reason: "the HttpClient provided cannot use a proxy (NodeHttp.layer can)"
        })
      )
    }
    sends.attempts++
    const chain: Chain = {
      prepared,
      sends,
      transport,
      now,
      deadline,
      fiber,
      bodyDeadline: transport.keepsDeadline ? Infinity : deadline,
      followed: [],
      history: [],
      callBound,
      clock,
      spans: Observe.tracing(fiber) ? Observe.spanSettings(fiber, prepared.propagateTrace) : undefined
    }
    const hops = () => hop(chain, prepared.request, prepared.url, false)
    const first = callBound === undefined ? hops : () => Effect.mapError(hops(), (error) => CallDeadline.asDeadline(error, callBound))
    return prepared.jar === undefined || prepared.jar.loaded()
      ? first()
      : Effect.andThen(prepared.jar.load, Effect.suspend(first))
  })
