/**
 * Stream combinators the two majors name or shape differently (effect 4's
 * are in `v4/src/line/stream.ts`): effect 3 pulls in Chunks and ends a pull
 * with `Option.none()`, effect 4 pulls arrays and ends with `Cause.Done`.
 *
 * Not part of the public API; not marked internal all the same, since
 * marking the header would strip the import it precedes from the
 * declarations that ship.
 */
import * as Chunk from "effect/Chunk"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import * as Stream from "effect/Stream"
import type * as Context from "effect/Context"

/** One pull of a stream: some values, the end, or a failure. */
export type Pull<A, E> = Effect.Effect<Chunk.Chunk<A>, Option.Option<E>>

/** What a pull delivers: values that arrived (never none). */
export const pulled = <A>(values: Array<A>): Exit.Exit<Chunk.Chunk<A>, never> => Exit.succeed(Chunk.unsafeFromArray(values))

/** What a pull delivers: the stream failed. */
export const pullFailed = <E>(error: E): Exit.Exit<never, Option.Option<E>> => Exit.fail(Option.some(error))

/** What a pull delivers: the stream ended. */
export const pullEnded: Exit.Exit<never, Option.Option<never>> = Exit.fail(Option.none())

/** The stream of what `pull`, run again and again, delivers until it ends. */
export const fromPull = <A, E>(pull: Pull<A, E>): Stream.Stream<A, E> => Stream.repeatEffectChunkOption(pull)

/** Whether a value is a stream. */
export const isStream = (u: unknown): u is Stream.Stream<unknown, unknown, unknown> => Predicate.hasProperty(u, Stream.StreamTypeId)

/** All of a stream's values, in an array. */
export const runArray = <A, E, R>(stream: Stream.Stream<A, E, R>): Effect.Effect<ReadonlyArray<A>, E, R> =>
  Effect.map(Stream.runCollect(stream), Chunk.toReadonlyArray)

/** Recovers from any failure of the stream. */
export const catchAll: <A, E, R, A2, E2, R2>(
  self: Stream.Stream<A, E, R>,
  f: (error: E) => Stream.Stream<A2, E2, R2>
) => Stream.Stream<A | A2, E2, R | R2> = Stream.catchAll

/** A web stream's bytes; a failure reading it becomes `onError(cause)`. */
export const fromReadableStream = <A, E>(body: () => ReadableStream<A>, onError: (cause: unknown) => E): Stream.Stream<A, E> =>
  Stream.fromReadableStream(body, onError)

/** Keeps the values `f` maps to `Option.some`. */
export const filterMap: <A, B, E, R>(self: Stream.Stream<A, E, R>, f: (a: A) => Option.Option<B>) => Stream.Stream<B, E, R> =
  Stream.filterMap

/** Each value becomes the values its effect gives. */
export const flatMapIterable = <A, B, E, R, E2, R2>(
  self: Stream.Stream<A, E, R>,
  f: (a: A) => Effect.Effect<Iterable<B>, E2, R2>
): Stream.Stream<B, E | E2, R | R2> => Stream.mapConcatEffect(self, f)

/** Sees each batch of values as it passes (for counting), keeping them. */
export const tapBatches = <A, E, R>(self: Stream.Stream<A, E, R>, f: (values: Iterable<A>) => void): Stream.Stream<A, E, R> =>
  Stream.mapChunks(self, (chunk) => {
    f(chunk)
    return chunk
  })

/** Pages: each state gives a value and, maybe, the next state. */
export const paginate = <S, A, E, R>(
  first: S,
  f: (state: S) => Effect.Effect<readonly [A, Option.Option<S>], E, R>
): Stream.Stream<A, E, R> => Stream.paginateEffect(first, f)

/** `stream` with its context computed from the caller's. */
export const mapContext: <A, E, R, R0>(
  self: Stream.Stream<A, E, R>,
  f: (context: Context.Context<R0>) => Context.Context<R>
) => Stream.Stream<A, E, R0> = Stream.mapInputContext

/** `self`, failing with `onIdle()` when a pull waits `millis` for its next values. */
export const idleTimeout = <A, E, R, E2>(self: Stream.Stream<A, E, R>, millis: number, onIdle: () => E2): Stream.Stream<A, E | E2, R> =>
  Stream.timeoutFail(self, onIdle, Duration.millis(millis))
