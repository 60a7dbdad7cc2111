/**
 * Tracing and logging of requests. Spans follow the OpenTelemetry HTTP
 * client conventions and @effect/platform's switches (`withTracerEnabled`,
 * `HttpClient.withTracerDisabledWhen`, `withTracerPropagation`,
 * `withSpanNameGenerator`), but are made only when a tracer other than
 * Effect's built-in one is installed: with no tracer there is nothing to
 * export to, so a request pays one comparison and no span.
 *
 * @internal
 */
import * as Fibers from "#line/fiber"
import * as Effects from "#line/effect"
import type * as Headers from "#line/http/Headers"
import type * as HttpClientRequest from "#line/http/HttpClientRequest"
import * as Client from "#line/client"
import type * as HttpClientResponse from "#line/http/HttpClientResponse"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Tracer from "effect/Tracer"
import type * as Http from "./types.js"
import type * as HttpError from "../HttpError.js"
import { redactUrl } from "../core/redact.js"

/** Whether spans are worth making for this fiber. @internal */
export const tracing = Fibers.tracing

/** What one send needs to know to trace itself, decided once per attempt. @internal */
export type SpanSettings = Fibers.ClientSpanSettings

/** @internal */
export const spanSettings = (fiber: Fibers.Current, propagate: boolean): SpanSettings => {
  const settings = Fibers.clientSpanSettings(fiber)
  return propagate || !settings.propagate ? settings : { ...settings, propagate: false }
}

// The request's span and its first send show the same URL: redacted once.
let lastHref = ""
let lastShown = ""
const shownUrl = (href: string): string => {
  if (href !== lastHref) {
    lastShown = redactUrl(href)
    lastHref = href
  }
  return lastShown
}

/** The method and URL attributes, set one by one: no record to build and walk per span. */
const setRequestAttributes = (span: Tracer.Span, method: string, url: URL): void => {
  span.attribute("http.request.method", method)
  span.attribute("url.full", shownUrl(url.href))
  span.attribute("url.scheme", url.protocol.slice(0, -1))
  span.attribute("url.path", url.pathname)
  span.attribute("server.address", url.hostname)
  span.attribute("server.port", url.port !== "" ? Number(url.port) : url.protocol === "https:" ? 443 : 80)
}

/** The caller's span, unless it turned propagation off (then its nearest ancestor that did not). */
const propagatedParent = (span: Option.Option<Tracer.AnySpan>): Option.Option<Tracer.AnySpan> => {
  while (span._tag === "Some" && Fibers.propagationDisabled(span.value)) {
    span = span.value._tag === "Span" ? span.value.parent : Option.none()
  }
  return span
}

/**
 * A span made as `Effect.makeSpan` makes one (the fiber's tracer, parent,
 * links, annotations and clock), but in the step that asks for it: each
 * Effect step of makeSpan, clockWith and a context change cost a traced
 * request a third of its throughput.
 */
const openSpan = (
  fiber: Fibers.Current,
  name: string,
  kind: Tracer.SpanKind,
  request: { readonly method: string; readonly url: URL },
  parent: Tracer.AnySpan | undefined
): Tracer.Span => {
  const span = Fibers.openSpan(
    fiber,
    name,
    kind,
    parent !== undefined
      ? Option.some(parent)
      : propagatedParent(Context.getOption(Fibers.context(fiber), Tracer.ParentSpan))
  )
  setRequestAttributes(span, request.method, request.url)
  return span
}

/** Ends `span` with the outcome of what it covered, at the fiber's clock. */
const endSpan = (fiber: Fibers.Current, span: Tracer.Span, exit: Exit.Exit<unknown, unknown>): void => {
  if (span.status._tag === "Ended") return
  span.end(Fibers.tracerTiming(fiber) ? Fibers.nowNanos(Fibers.clock(fiber)) : BigInt(0), exit)
}

/** `effect` inside `span`, which ends with it (interrupted or not). */
const spanned = <A, E, R>(
  fiber: Fibers.Current,
  span: Tracer.Span,
  effect: Effect.Effect<A, E, R>,
  record: (span: Tracer.Span, exit: Exit.Exit<A, E>) => void
): Effect.Effect<A, E, R> =>
  Effect.onExit(effect, (exit) =>
    Effect.sync(() => {
      record(span, exit)
      endSpan(fiber, span, exit)
    }))

/**
 * The request's span and the send span open under it. A send's span ends
 * in the send's own continuation (one step, where `onExit` takes eight);
 * a continuation does not run when the fiber is interrupted, so the
 * request's span, which does, ends an open send's span first.
 *
 * @internal
 */
export interface RequestSpan {
  readonly span: Tracer.Span
  open: Tracer.Span | undefined
}

const recordSend = (span: Tracer.Span, exit: Exit.Exit<HttpClientResponse.HttpClientResponse, HttpError.HttpError>): void => {
  if (Exit.isSuccess(exit)) span.attribute("http.response.status_code", exit.value.status)
  else {
    const failure = Effects.failureOption(exit.cause)
    if (failure._tag === "Some") span.attribute("error.type", failure.value._tag)
  }
}

/**
 * One send over the wire as a client span, a child of the request's span:
 * its `http.resend_count` counts every earlier send of the same request
 * (retries and redirects alike, as the conventions say), and W3C
 * `traceparent` (with b3) goes with it unless propagation is off.
 * `ownsSpans` is false for a client that would make spans of its own (one
 * made with HttpClient.make: MockHttp, a user's): they are turned off
 * inside, so that this span is the send's.
 *
 * @internal
 */
export const traceSend = (
  fiber: Fibers.Current,
  settings: SpanSettings,
  request: HttpClientRequest.HttpClientRequest,
  url: URL,
  resends: number,
  parent: RequestSpan | undefined,
  ownsSpans: boolean,
  send: (request: HttpClientRequest.HttpClientRequest) => Effect.Effect<HttpClientResponse.HttpClientResponse, HttpError.HttpError>
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpError.HttpError> => {
  if (settings.disabledWhen(request)) return send(request)
  const span = openSpan(fiber, settings.name(request), "client", { method: request.method, url }, parent?.span)
  if (resends > 0) span.attribute("http.resend_count", resends)
  const propagated = settings.propagate ? Client.withHeaders(request, Client.withTraceHeaders(request.headers, span)) : request
  const sent = ownsSpans ? send(propagated) : Fibers.withoutClientSpans(send(propagated))
  // Without a request span to guard it (a send traced on its own), the send ends its span even when interrupted.
  if (parent === undefined) return spanned(fiber, span, sent, recordSend)
  parent.open = span
  const ended = (exit: Exit.Exit<HttpClientResponse.HttpClientResponse, HttpError.HttpError>) => {
    parent.open = undefined
    recordSend(span, exit)
    endSpan(fiber, span, exit)
    return exit
  }
  return Effect.matchCauseEffect(sent, {
    onFailure: (cause) => ended(Exit.failCause(cause)),
    onSuccess: (response) => ended(Exit.succeed(response))
  })
}

/**
 * The whole request, retries and redirects included, as the parent of its
 * sends (`effect` is given the span to pass them).
 *
 * @internal
 */
export const traceRequest = <A extends Http.Response, R>(
  fiber: Fibers.Current,
  prepared: { readonly method: string; readonly url: URL },
  effect: (span: RequestSpan) => Effect.Effect<A, HttpError.HttpError, R>
): Effect.Effect<A, HttpError.HttpError, R> => {
  const request: RequestSpan = {
    span: openSpan(fiber, `http.request ${prepared.method}`, "internal", prepared, undefined),
    open: undefined
  }
  return spanned(
    fiber,
    request.span,
    effect(request),
    (span, exit) => {
      // Interrupted mid-send: the send's own continuation did not run.
      if (request.open !== undefined) endSpan(fiber, request.open, exit)
      if (Exit.isSuccess(exit)) return span.attribute("http.response.status_code", exit.value.status)
      const failure = Effects.failureOption(exit.cause)
      if (failure._tag === "None") return
      // A middleware's own error: its tag when it has one.
      const error: { readonly _tag?: unknown; readonly status?: unknown } | null | undefined = failure.value
      span.attribute("error.type", typeof error?._tag === "string" ? error._tag : "MiddlewareError")
      if (error?._tag === "StatusError") span.attribute("http.response.status_code", error.status)
    }
  )
}

/** The `log` option of a session. @internal */
export type LogLevel = "off" | "errors" | "all"

/**
 * One line per send: Debug for a response below 400 (with `log: "all"`),
 * Warning for an error status or a failure. Only redacted values go in.
 *
 * @internal
 */
export const logSend = (
  level: LogLevel,
  method: string,
  url: URL,
  attempt: number,
  millis: number,
  bytesOut: number | undefined,
  outcome: { readonly status: number; readonly headers: Headers.Headers } | HttpError.HttpError
): Effect.Effect<void> => {
  const failed = "_tag" in outcome
  const bad = failed || outcome.status >= 400
  if (level === "off" || (level === "errors" && !bad)) return Effect.void
  const shownUrl = redactUrl(url.href)
  const result = failed ? outcome._tag : String(outcome.status)
  const annotations: Record<string, unknown> = {
    "http.method": method,
    "http.url": shownUrl,
    "http.attempt": attempt,
    "http.duration_ms": millis
  }
  if (!failed) {
    annotations["http.status"] = outcome.status
    const length = outcome.headers["content-length"]
    if (length !== undefined) annotations["http.bytes_in"] = Number(length)
  }
  if (bytesOut !== undefined) annotations["http.bytes_out"] = bytesOut
  const message = `${method} ${shownUrl} → ${result} (${millis} ms, attempt ${attempt})`
  const line = bad ? Effect.logWarning(message) : Effect.logDebug(message)
  return Effect.annotateLogs(line, annotations)
}
