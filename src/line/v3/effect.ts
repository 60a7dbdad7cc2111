/**
 * Effect combinators the two majors name or shape differently, under one
 * name each (effect 4's are in `v4/src/line/effect.ts`). Shared code uses
 * these and, where both majors agree, `effect/Effect` itself.
 *
 * Not part of the public API; not marked internal all the same, since
 * marking the header would strip the import it precedes from the
 * declarations that ship.
 */
import * as Cause from "effect/Cause"
import * as Deferred from "effect/Deferred"
import type * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberId from "effect/FiberId"
import * as Layer from "effect/Layer"
import type * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"

/** Recovers from any failure (not defects or interruption). */
export const catchAll: <A, E, R, A2, E2, R2>(
  self: Effect.Effect<A, E, R>,
  f: (error: E) => Effect.Effect<A2, E2, R2>
) => Effect.Effect<A | A2, E2, R | R2> = Effect.catchAll

/** Recovers from any cause: failures, defects, interruption. */
export const catchAllCause: <A, E, R, A2, E2, R2>(
  self: Effect.Effect<A, E, R>,
  f: (cause: Cause.Cause<E>) => Effect.Effect<A2, E2, R2>
) => Effect.Effect<A | A2, E2, R | R2> = Effect.catchAllCause

/**
 * `catchAll` for the hot path: a plain failure goes straight to `f`
 * through a failure-only frame (one step less on success than catchAll's).
 */
export const onFailure = <A, E, R, A2, E2, R2>(
  self: Effect.Effect<A, E, R>,
  f: (error: E) => Effect.Effect<A2, E2, R2>
): Effect.Effect<A | A2, E2, R | R2> =>
  Effect.catchAllCause(self, (cause) => cause._tag === "Fail" ? f(cause.error) : Effect.catchAll(Effect.failCause(cause), f))

/** The cause's only failure, when it is exactly one failure. */
export const soleFailure = <E>(cause: Cause.Cause<E>): E | undefined => cause._tag === "Fail" ? cause.error : undefined

/** The first failure in a cause. */
export const failureOption: <E>(cause: Cause.Cause<E>) => Option.Option<E> = Cause.failureOption

/** The first defect in a cause. */
export const defectOption: <E>(cause: Cause.Cause<E>) => Option.Option<unknown> = Cause.dieOption

/** Waits for a callback; `register` may give back what to run on interruption. */
export const callback = <A, E = never, R = never>(
  register: (resume: (effect: Effect.Effect<A, E, R>) => void) => void | Effect.Effect<void, never, R>
): Effect.Effect<A, E, R> => Effect.async<A, E, R>(register)

/**
 * Runs `effect` on a fiber of its own that outlives the caller's scope;
 * gives back how to interrupt it without waiting (no Effect step).
 */
export const forkDetached = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<() => void, never, R> =>
  Effect.map(Effect.forkDaemon(effect), (fiber) => () => void fiber.unsafeInterruptAsFork(FiberId.none))

/** Dies with an error that says `message`. */
export const dieMessage = (message: string): Effect.Effect<never> => Effect.dieMessage(message)

/** Runs `f` on the outcome, success or failure, keeping it. */
export const tapBoth = <A, E, R, R2>(
  self: Effect.Effect<A, E, R>,
  f: (outcome: A | E) => Effect.Effect<unknown, never, R2>
): Effect.Effect<A, E, R | R2> => Effect.tapBoth(self, { onSuccess: f, onFailure: f })

/** Fails with `onTimeout()` when `effect` takes longer than `duration`. */
export const timeoutFail = <A, E, R, E2>(
  effect: Effect.Effect<A, E, R>,
  duration: Duration.Duration,
  onTimeout: () => E2
): Effect.Effect<A, E | E2, R> => Effect.timeoutFail(effect, { duration, onTimeout })

/** `effect` with its context computed from the caller's. */
export const mapContext = <A, E, R, R0>(
  effect: Effect.Effect<A, E, R>,
  f: (context: Context.Context<R0>) => Context.Context<R>
): Effect.Effect<A, E, R0> => Effect.mapInputContext(effect, f)

/** A layer of the services `make` builds, released with the layer's scope. */
export const layerContext = <A, E, R>(
  make: Effect.Effect<Context.Context<A>, E, R>
): Layer.Layer<A, E, Exclude<R, Scope.Scope>> => Layer.scopedContext(make)

/** A semaphore made outside any effect. */
export const makeSemaphore = (permits: number): Effect.Semaphore => Effect.unsafeMakeSemaphore(permits)

/** A semaphore. */
export type Semaphore = Effect.Semaphore

/** The error type of an effect type. */
export type ErrorOf<T extends Effect.Effect<any, any, any>> = Effect.Effect.Error<T>

/** The requirements of an effect type. */
export type ContextOf<T extends Effect.Effect<any, any, any>> = Effect.Effect.Context<T>

/** The service a key stands for, from the context. */
export const service = <I, S>(key: Context.Tag<I, S>): Effect.Effect<S, never, I> => key

/** A layer of one service built by a scoped effect. */
export const layerScoped = <I, S, E, R>(key: Context.Tag<I, S>, make: Effect.Effect<S, E, R>): Layer.Layer<I, E, Exclude<R, Scope.Scope>> =>
  Layer.scoped(key, make)

/** Whether an exit is an interruption. */
export const isInterrupted = <A, E>(exit: Exit.Exit<A, E>): boolean => Exit.isInterrupted(exit)

/** A deferred made outside any effect. */
export const makeDeferred = <A, E>(): Deferred.Deferred<A, E> => Deferred.unsafeMake<A, E>(FiberId.none)

/** Completes a deferred outside any effect. */
export const completeDeferred = <A, E>(deferred: Deferred.Deferred<A, E>, exit: Exit.Exit<A, E>): void =>
  Deferred.unsafeDone(deferred, exit)

/**
 * Steps through a retry schedule: each step is given the failure, waits the
 * schedule's delay, and says whether to try again.
 */
export const scheduleStepper = <In, R>(
  schedule: Schedule.Schedule<unknown, In, R>
): Effect.Effect<(input: In) => Effect.Effect<boolean, never, R>, never, R> =>
  Effect.map(Schedule.driver(schedule), (driver) => (input) =>
    Effect.match(driver.next(input), { onFailure: () => false, onSuccess: () => true }))
