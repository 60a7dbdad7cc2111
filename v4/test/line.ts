/**
 * What the shared tests write differently on effect 4 (see test/line/v3.ts).
 */
import { Cause, type Duration, Effect, Exit, type Fiber, Layer, Option, Random, Schema, Scope, Stream, Tracer } from "effect"

import * as TestClocks from "effect/testing/TestClock"

// Effect 3's TestClock.adjust first lets the event loop turn, so that
// fibers forked just before reach their waits; effect 4's waits one
// scheduler turn only, and a request reading a body takes several, each a
// turn of the event loop when the scheduler yields. One timer turn was not
// always enough under load (CI hung twice in 471 tests); a hundred turns of
// the loop's check phase are, whatever the load: the order of turns does
// not depend on the machine's speed.
const settle = Effect.promise(async () => {
  for (let turn = 0; turn < 100; turn++) await new Promise<void>((resolve) => setImmediate(resolve))
})

/** The test clock, adjusted as on effect 3. */
export const TestClock = {
  ...TestClocks,
  adjust: (duration: Parameters<typeof TestClocks.adjust>[0]) => Effect.andThen(settle, TestClocks.adjust(duration)),
  setTime: (timestamp: number) => Effect.andThen(settle, TestClocks.setTime(timestamp))
}

/** A record of strings to `value`. */
export const recordOf = <S extends Schema.Top>(value: S) => Schema.Record(Schema.String, value)

/** One of two schemas. */
export const unionOf = <A extends Schema.Top, B extends Schema.Top>(a: A, b: B) => Schema.Union([a, b])

/** The outcome of an effect as a value: `Left` with the error or `Right` with the success. */
export type Outcome<A, E> = { readonly _tag: "Left"; readonly left: E } | { readonly _tag: "Right"; readonly right: A }

/** Runs `effect` and gives its outcome as a value. */
export const toEither = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<Outcome<A, E>, never, R> =>
  Effect.map(Effect.result(effect), (result) =>
    result._tag === "Success" ? { _tag: "Right", right: result.success } : { _tag: "Left", left: result.failure })

/** Every value of a stream, in an array. */
export const collect = <A, E, R>(stream: Stream.Stream<A, E, R>): Effect.Effect<ReadonlyArray<A>, E, R> =>
  Stream.runCollect(stream)

/** Runs `effect` on a child fiber of the caller's. */
export const fork = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<Fiber.Fiber<A, E>, never, R> => Effect.forkChild(effect)

/** The fiber's exit if it has ended, read now; undefined while it runs. */
export const poll = <A, E>(fiber: Fiber.Fiber<A, E>): Exit.Exit<A, E> | undefined => fiber.pollUnsafe()

/** `effect` with its randomness seeded, so that jitter repeats. */
export const withSeed = (seed: number) => <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Random.withSeed(effect, seed)

/** Whether a cause holds a defect. */
export const isDefect = <E>(cause: Cause.Cause<E>): boolean => Cause.hasDies(cause)

/** Fails with `onTimeout()` when the effect takes longer than `duration`. */
export const timeoutFail = <E2>(options: { readonly duration: Duration.Input; readonly onTimeout: () => E2 }) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E | E2, R> =>
    Effect.timeoutOrElse(effect, { duration: options.duration, orElse: () => Effect.fail(options.onTimeout()) })

/** `effect` on the real clock inside a test that has a TestClock. */
export const withLiveClock = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> => TestClocks.withLive(effect)

/** `effect` with its resources released when `scope` closes. */
export const inScope = (scope: Scope.Scope) => <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, Exclude<R, Scope.Scope>> =>
  Scope.provide(scope)(effect)

/** The tag of the error `Effect.timeout` fails with. */
export const effectTimeoutTag = "TimeoutError"

/** Folds a stream's values into one. */
export const fold = <A, E, R, S>(stream: Stream.Stream<A, E, R>, initial: S, f: (state: S, value: A) => S): Effect.Effect<S, E, R> =>
  Stream.runFold(stream, () => initial, f)

/** A layer made by a scoped effect, released with the layer. */
export const unwrapLayer = <A, E1, R1, E, R>(make: Effect.Effect<Layer.Layer<A, E1, R1>, E, R>): Layer.Layer<A, E | E1, R1 | Exclude<R, Scope.Scope>> =>
  Layer.unwrap(make)

/** The running sums of a stream of numbers. */
export const runningTotal = <E, R>(stream: Stream.Stream<number, E, R>): Stream.Stream<number, E, R> =>
  Stream.scan(stream, () => 0, (sum, n) => sum + n)

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
    span(options) {
      const parentSpan = Option.getOrUndefined(options.parent)
      const record: Recorded = {
        name: options.name,
        kind: options.kind,
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
        name: options.name,
        spanId: record.spanId,
        traceId: record.traceId,
        parent: options.parent,
        annotations: options.annotations,
        status: { _tag: "Started", startTime: options.startTime },
        attributes: record.attributes,
        links: options.links,
        sampled: true,
        kind: options.kind,
        end: (_endTime, exit) => {
          record.ended = true
          record.failed = Exit.isFailure(exit)
        },
        attribute: (key, value) => void record.attributes.set(key, value),
        event: () => {},
        addLinks: () => {}
      }
      return span
    }
  })
  return { tracer, spans }
}

/** The name effect/http's default SpanNameGenerator gives a send's span (the OpenTelemetry convention: the method). */
export const clientSpanName = (method: string) => method

/** A Persistence backing store in memory: what a session's `cache: { store: "persistence" }` reads. */
export { layerBackingMemory as memoryPersistence } from "effect/persistence/Persistence"
