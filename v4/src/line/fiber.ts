/**
 * The running fiber as effect 4 exposes it (see src/line/v3/fiber.ts):
 * settings are `Context.Reference`s read with `fiber.getRef`.
 *
 * Not part of the public API; not marked internal all the same, since
 * marking the header would strip the import it precedes from the
 * declarations that ship.
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as Fiber from "effect/Fiber"
import type * as Option from "effect/Option"
import * as References from "effect/References"
import * as Tracer from "effect/Tracer"
import * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientRequest from "effect/http/HttpClientRequest"

/** The fiber a step runs on. */
export type Current = Fiber.Fiber<unknown, unknown>

/** Runs `f` with the fiber it runs on. */
export const withFiber: <A, E, R>(f: (fiber: Current) => Effect.Effect<A, E, R>) => Effect.Effect<A, E, R> =
  Effect.withFiber

/** The fiber's services. */
export const context = (fiber: Current): Context.Context<never> => fiber.context

/** The fiber's clock (a TestClock under test). */
export const clock = (fiber: Current): Clock.Clock => fiber.getRef(Clock.Clock)

/** The clock's time in milliseconds, read now. */
export const nowMillis = (clock: Clock.Clock): number => clock.currentTimeMillisUnsafe()

/** The clock's time in nanoseconds, read now. */
export const nowNanos = (clock: Clock.Clock): bigint => clock.currentTimeNanosUnsafe()

/** Calls `onEnd` when the fiber ends; gives back how to stop listening. Call both from the fiber itself. */
export const onEnd = (fiber: Current, onEnd: () => void): () => void => fiber.addObserver(onEnd)

/** The tracer every Effect program has by default: its spans go nowhere. */
export const nativeTracer: Tracer.Tracer = Tracer.Tracer.defaultValue()

/** Whether the fiber's spans carry times (`Effect.withTracerTiming`). */
export const tracerTiming = (fiber: Current): boolean => fiber.getRef(References.TracerTimingEnabled)

/** Whether the fiber traces at all: a tracer other than the native one, and tracing on. */
export const tracing = (fiber: Current): boolean =>
  fiber.getRef(Tracer.Tracer) !== nativeTracer && fiber.getRef(References.TracerEnabled)

/** The HTTP client's span settings in the fiber. */
export interface ClientSpanSettings {
  readonly name: (request: HttpClientRequest.HttpClientRequest) => string
  readonly propagate: boolean
  readonly disabledWhen: (request: HttpClientRequest.HttpClientRequest) => boolean
}

/** The HTTP client's span name, propagation switch and filter, as the fiber has them. */
export const clientSpanSettings = (fiber: Current): ClientSpanSettings => ({
  name: fiber.getRef(HttpClient.SpanNameGenerator),
  propagate: fiber.getRef(HttpClient.TracerPropagationEnabled),
  disabledWhen: fiber.getRef(HttpClient.TracerDisabledWhen)
})

/** Opens a span as `Effect.makeSpan` would: the fiber's tracer, links, annotations and clock. */
export const openSpan = (
  fiber: Current,
  name: string,
  kind: Tracer.SpanKind,
  parent: Option.Option<Tracer.AnySpan>
): Tracer.Span => {
  const span = fiber.getRef(Tracer.Tracer).span({
    name,
    parent,
    annotations: Context.empty(),
    // A fresh array: a span may add links to its own.
    links: [...fiber.getRef(References.TracerSpanLinks)],
    startTime: tracerTiming(fiber) ? nowNanos(clock(fiber)) : BigInt(0),
    kind,
    root: false,
    sampled: parent._tag === "Some" ? parent.value.sampled : true
  })
  const annotations = fiber.getRef(References.TracerSpanAnnotations)
  for (const key in annotations) span.attribute(key, annotations[key])
  return span
}

const disabled = () => true

/** `effect` with the HTTP client's own spans off: ours already covers it. */
export const withoutClientSpans = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.provideService(effect, HttpClient.TracerDisabledWhen, disabled)

/** The service `key` names in `context`, or undefined: no Option allocated per request. */
export const findService = <I, S>(context: Context.Context<never>, key: Context.Key<I, S>): S | undefined =>
  context.mapUnsafe.get(key.key) as S | undefined

/** Whether a span asked its children not to propagate it. */
export const propagationDisabled = (span: Tracer.AnySpan): boolean => Context.get(span.annotations, Tracer.DisablePropagation)
