/**
 * The running fiber as effect 3 exposes it: its context, clock, tracer
 * settings and observers. The library reads them in the step that needs
 * them, without an Effect step per value (see observe.ts for why); effect 4
 * names each differently (`v4/src/line/fiber.ts`).
 *
 * Not part of the public API; not marked internal all the same, since
 * marking the header would strip the import it precedes from the
 * declarations that ship.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as Fiber from "effect/Fiber"
import * as FiberRef from "effect/FiberRef"
import { globalValue } from "effect/GlobalValue"
import * as HashMap from "effect/HashMap"
import type * as Option from "effect/Option"
import * as Tracer from "effect/Tracer"

/** The fiber a step runs on. */
export type Current = Fiber.RuntimeFiber<unknown, unknown>

/** Runs `f` with the fiber it runs on. */
export const withFiber: <A, E, R>(f: (fiber: Current) => Effect.Effect<A, E, R>) => Effect.Effect<A, E, R> =
  Effect.withFiberRuntime

/** The fiber's services. */
export const context = (fiber: Current): Context.Context<never> => fiber.currentContext

/** The fiber's clock (a TestClock under test). */
export const clock = (fiber: Current): Clock.Clock => Context.get(fiber.currentDefaultServices, Clock.Clock)

/** The clock's time in milliseconds, read now. */
export const nowMillis = (clock: Clock.Clock): number => clock.unsafeCurrentTimeMillis()

/** The clock's time in nanoseconds, read now. */
export const nowNanos = (clock: Clock.Clock): bigint => clock.unsafeCurrentTimeNanos()

/** Calls `onEnd` when the fiber ends; gives back how to stop listening. Call both from the fiber itself. */
export const onEnd = (fiber: Current, onEnd: () => void): () => void => {
  fiber.addObserver(onEnd)
  return () => fiber.removeObserver(onEnd)
}

/** The tracer every Effect program has by default: its spans go nowhere. */
export const nativeTracer: Tracer.Tracer = globalValue(
  Symbol.for("effect-requests/nativeTracer"),
  () => Effect.runSync(Effect.tracer)
)

/** Whether the fiber's spans carry times (`Effect.withTracerTiming`). */
export const tracerTiming = (fiber: Current): boolean => fiber.getFiberRef(FiberRef.currentTracerTimingEnabled)

/** Whether the fiber traces at all: a tracer other than the native one, and tracing on. */
export const tracing = (fiber: Current): boolean =>
  fiber.currentTracer !== nativeTracer && fiber.getFiberRef(FiberRef.currentTracerEnabled)

/** The HTTP client's span settings in the fiber. */
export interface ClientSpanSettings {
  readonly name: (request: HttpClientRequest.HttpClientRequest) => string
  readonly propagate: boolean
  readonly disabledWhen: (request: HttpClientRequest.HttpClientRequest) => boolean
}

/** The HTTP client's span name, propagation switch and filter, as the fiber has them. */
export const clientSpanSettings = (fiber: Current): ClientSpanSettings => ({
  name: Context.get(fiber.currentContext, HttpClient.SpanNameGenerator),
  propagate: fiber.getFiberRef(HttpClient.currentTracerPropagation),
  disabledWhen: fiber.getFiberRef(HttpClient.currentTracerDisabledWhen)
})

/** Opens a span as `Effect.makeSpan` would: the fiber's tracer, links, annotations and clock. */
export const openSpan = (
  fiber: Current,
  name: string,
  kind: Tracer.SpanKind,
  parent: Option.Option<Tracer.AnySpan>
): Tracer.Span => {
  const links = fiber.getFiberRef(FiberRef.currentTracerSpanLinks)
  const span = fiber.currentTracer.span(
    name,
    parent,
    Context.empty(),
    // A fresh array: a span may add links to its own.
    Chunk.isEmpty(links) ? [] : Chunk.toArray(links),
    tracerTiming(fiber) ? nowNanos(clock(fiber)) : BigInt(0),
    kind,
    { captureStackTrace: false }
  )
  // Most requests have no annotations: no HashMap iterator for them.
  const annotations = fiber.getFiberRef(FiberRef.currentTracerSpanAnnotations)
  if (HashMap.size(annotations) > 0) for (const [key, value] of annotations) span.attribute(key, value)
  return span
}

const disabled = () => true

/** `effect` with the HTTP client's own spans off: ours already covers it. */
export const withoutClientSpans = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.locally(effect, HttpClient.currentTracerDisabledWhen, disabled)

/** The service `key` names in `context`, or undefined: no Option allocated per request. */
export const findService = <I, S>(context: Context.Context<never>, key: Context.Tag<I, S>): S | undefined =>
  context.unsafeMap.get(key.key) as S | undefined

/** Whether a span asked its children not to propagate it. */
export const propagationDisabled = (span: Tracer.AnySpan): boolean => Context.get(span.context, Tracer.DisablePropagation)
