/**
 * What the shared tests write differently on the two Effect lines: the
 * tests import `#testline`, which is this module on effect 3 and
 * v4/test/line.ts on effect 4 (vitest alias, tsconfig paths).
 */
import { Cause, Chunk, Clock, type Duration, Effect, Exit, type Fiber, Layer, Option, Random, Schema, Scope, Stream, Tracer } from "effect"

export * as TestClock from "effect/TestClock"

/** A record of strings to `value`. */
export const recordOf = <A, I, R>(value: Schema.Schema<A, I, R>) => Schema.Record({ key: Schema.String, value })

/** One of two schemas. */
export const unionOf = <A, IA, RA, B, IB, RB>(a: Schema.Schema<A, IA, RA>, b: Schema.Schema<B, IB, RB>) => Schema.Union(a, b)

/** The outcome of an effect as a value: `Left` with the error or `Right` with the success. */
export type Outcome<A, E> = { readonly _tag: "Left"; readonly left: E } | { readonly _tag: "Right"; readonly right: A }

/** Runs `effect` and gives its outcome as a value. */
export const toEither = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<Outcome<A, E>, never, R> => Effect.either(effect)

/** Every value of a stream, in an array. */
export const collect = <A, E, R>(stream: Stream.Stream<A, E, R>): Effect.Effect<ReadonlyArray<A>, E, R> =>
  Effect.map(Stream.runCollect(stream), Chunk.toReadonlyArray)

/** Runs `effect` on a child fiber of the caller's. */
export const fork = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<Fiber.RuntimeFiber<A, E>, never, R> => Effect.fork(effect)

/** The fiber's exit if it has ended, read now; undefined while it runs. */
export const poll = <A, E>(fiber: Fiber.RuntimeFiber<A, E>): Exit.Exit<A, E> | undefined => fiber.unsafePoll() ?? undefined

/** `effect` with its randomness seeded, so that jitter repeats. */
export const withSeed = (seed: number) => <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.withRandom(effect, Random.make(seed))

/** Whether a cause holds a defect. */
export const isDefect = <E>(cause: Cause.Cause<E>): boolean => Cause.isDie(cause)

/** Fails with `onTimeout()` when the effect takes longer than `duration`. */
export const timeoutFail = <E2>(options: { readonly duration: Duration.DurationInput; readonly onTimeout: () => E2 }) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E | E2, R> => Effect.timeoutFail(effect, options)

/** `effect` on the real clock inside a test that has a TestClock. */
export const withLiveClock = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> => Effect.withClock(effect, Clock.make())

/** `effect` with its resources released when `scope` closes. */
export const inScope = (scope: Scope.Scope) => <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, Exclude<R, Scope.Scope>> =>
  Scope.extend(effect, scope)

/** The tag of the error `Effect.timeout` fails with. */
export const effectTimeoutTag = "TimeoutException"

/** Folds a stream's values into one. */
export const fold = <A, E, R, S>(stream: Stream.Stream<A, E, R>, initial: S, f: (state: S, value: A) => S): Effect.Effect<S, E, R> =>
  Stream.runFold(stream, initial, f)

/** A layer made by a scoped effect, released with the layer. */
export const unwrapLayer = <A, E1, R1, E, R>(make: Effect.Effect<Layer.Layer<A, E1, R1>, E, R>): Layer.Layer<A, E | E1, R1 | Exclude<R, Scope.Scope>> =>
  Layer.unwrapScoped(make)

/** The running sums of a stream of numbers. */
export const runningTotal = <E, R>(stream: Stream.Stream<number, E, R>): Stream.Stream<number, E, R> =>
  Stream.scan(stream, 0, (sum, n) => sum + n)

/** A span as the in-memory tracer keeps it. */
export interface Recorded {
  readonly name: string
  readonly kind: Tracer.SpanKind
  readonly spanId: string
  readonly traceId: string
  readonly parentId: string | undefined
  readonly attributes: Map<string, unknown>
  ended: boolean
  failed: boolean
}

/** A tracer that keeps every span in memory. */
export const memoryTracer = () => {
  const spans: Array<Recorded> = []
  let next = 0
  const tracer = Tracer.make({
    span(name, parent, context, links, startTime, kind) {
      const parentSpan = Option.getOrUndefined(parent)
      const record: Recorded = {
        name,
        kind,
        spanId: (++next).toString(16).padStart(16, "0"),
        traceId: parentSpan?.traceId ?? "0123456789abcdef0123456789abcdef",
        parentId: parentSpan?.spanId,
        attributes: new Map(),
        ended: false,
        failed: false
      }
      spans.push(record)
      const span: Tracer.Span = {
        _tag: "Span",
        name,
        spanId: record.spanId,
        traceId: record.traceId,
        parent,
        context,
        status: { _tag: "Started", startTime },
        attributes: record.attributes,
        links,
        sampled: true,
        kind,
        end: (_endTime, exit) => {
          record.ended = true
          record.failed = Exit.isFailure(exit)
        },
        attribute: (key, value) => void record.attributes.set(key, value),
        event: () => {},
        addLinks: () => {}
      }
      return span
    },
    context: (f) => f()
  })
  return { tracer, spans }
}

/** The name @effect/platform's default SpanNameGenerator gives a send's span. */
export const clientSpanName = (method: string) => `http.client ${method}`

/** A Persistence backing store in memory: what a session's `cache: { store: "persistence" }` reads. */
export { layerMemory as memoryPersistence } from "@effect/experimental/Persistence"
