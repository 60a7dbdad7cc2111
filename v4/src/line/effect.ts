/**
 * Effect combinators as effect 4 names them (see src/line/v3/effect.ts).
 *
 * Not part of the public API; not marked internal all the same, since
 * marking the header would strip the import it precedes from the
 * declarations that ship.
 */
import * as Cause from "effect/Cause"
import * as Deferred from "effect/Deferred"
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"
import * as Semaphores from "effect/Semaphore"

/** Recovers from any failure (not defects or interruption). */
export const catchAll: <A, E, R, A2, E2, R2>(
  self: Effect.Effect<A, E, R>,
  f: (error: E) => Effect.Effect<A2, E2, R2>
) => Effect.Effect<A | A2, E2, R | R2> = Effect.catch

/** Recovers from any cause: failures, defects, interruption. */
export const catchAllCause: <A, E, R, A2, E2, R2>(
  self: Effect.Effect<A, E, R>,
  f: (cause: Cause.Cause<E>) => Effect.Effect<A2, E2, R2>
) => Effect.Effect<A | A2, E2, R | R2> = Effect.catchCause

/** `catchAll` for the hot path (effect 4's catch already costs nothing on success). */
export const onFailure: <A, E, R, A2, E2, R2>(
  self: Effect.Effect<A, E, R>,
  f: (error: E) => Effect.Effect<A2, E2, R2>
) => Effect.Effect<A | A2, E2, R | R2> = Effect.catch

/** The cause's only failure, when it is exactly one failure. */
export const soleFailure = <E>(cause: Cause.Cause<E>): E | undefined => {
  const [reason] = cause.reasons
  return cause.reasons.length === 1 && reason !== undefined && Cause.isFailReason(reason) ? reason.error : undefined
}

/** The first failure in a cause. */
export const failureOption: <E>(cause: Cause.Cause<E>) => Option.Option<E> = Cause.findErrorOption

/** The first defect in a cause. */
export const defectOption = <E>(cause: Cause.Cause<E>): Option.Option<unknown> => {
  const found = Cause.findDefect(cause)
  return found._tag === "Success" ? Option.some(found.success) : Option.none()
}

/** Waits for a callback; `register` may give back what to run on interruption. */
export const callback = <A, E = never, R = never>(
  register: (resume: (effect: Effect.Effect<A, E, R>) => void) => void | Effect.Effect<void, never, R>
): Effect.Effect<A, E, R> => Effect.callback<A, E, R>((resume) => register(resume))

/**
 * Runs `effect` on a fiber of its own that outlives the caller's scope;
 * gives back how to interrupt it without waiting (no Effect step).
 */
export const forkDetached = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<() => void, never, R> =>
  Effect.map(Effect.forkDetach(effect), (fiber) => () => fiber.interruptUnsafe())

/** Dies with an error that says `message`. */
export const dieMessage = (message: string): Effect.Effect<never> => Effect.die(new Error(message))

/** Runs `f` on the outcome, success or failure, keeping it. */
export const tapBoth = <A, E, R, R2>(
  self: Effect.Effect<A, E, R>,
  f: (outcome: A | E) => Effect.Effect<unknown, never, R2>
): Effect.Effect<A, E, R | R2> => Effect.tapError(Effect.tap(self, f), f)

/** Fails with `onTimeout()` when `effect` takes longer than `duration`. */
export const timeoutFail = <A, E, R, E2>(
  effect: Effect.Effect<A, E, R>,
  duration: Duration.Duration,
  onTimeout: () => E2
): Effect.Effect<A, E | E2, R> => Effect.timeoutOrElse(effect, { duration, orElse: () => Effect.fail(onTimeout()) })

/** `effect` with its context computed from the caller's. */
export const mapContext = <A, E, R, R0>(
  effect: Effect.Effect<A, E, R>,
  f: (context: Context.Context<R0>) => Context.Context<R>
): Effect.Effect<A, E, R0> => Effect.updateContext(effect, f)

/** A layer of the services `make` builds, released with the layer's scope. */
export const layerContext = <A, E, R>(
  make: Effect.Effect<Context.Context<A>, E, R>
): Layer.Layer<A, E, Exclude<R, Scope.Scope>> => Layer.effectContext(make)

/** A semaphore made outside any effect. */
export const makeSemaphore = (permits: number): Semaphores.Semaphore => Semaphores.makeUnsafe(permits)

/** A semaphore. */
export type Semaphore = Semaphores.Semaphore

/** The error type of an effect type. */
export type ErrorOf<T extends Effect.Effect<any, any, any>> = Effect.Error<T>

/** The requirements of an effect type. */
export type ContextOf<T extends Effect.Effect<any, any, any>> = Effect.Services<T>

/** The service a key stands for, from the context. */
export const service = <I, S>(key: Context.Key<I, S>): Effect.Effect<S, never, I> => Effect.service(key)

/** A layer of one service built by a scoped effect. */
export const layerScoped = <I, S, E, R>(key: Context.Key<I, S>, make: Effect.Effect<S, E, R>): Layer.Layer<I, E, Exclude<R, Scope.Scope>> =>
  Layer.effect(key, make)

/** Whether an exit is an interruption. */
export const isInterrupted = <A, E>(exit: Exit.Exit<A, E>): boolean => Exit.hasInterrupts(exit)

/** A deferred made outside any effect. */
export const makeDeferred = <A, E>(): Deferred.Deferred<A, E> => Deferred.makeUnsafe<A, E>()

/** Completes a deferred outside any effect. */
export const completeDeferred = <A, E>(deferred: Deferred.Deferred<A, E>, exit: Exit.Exit<A, E>): void =>
  void Deferred.doneUnsafe(deferred, exit)

/**
 * Steps through a retry schedule: each step is given the failure, waits the
 * schedule's delay, and says whether to try again.
 */
export const scheduleStepper = <In, R>(
  schedule: Schedule.Schedule<unknown, In, never, R>
): Effect.Effect<(input: In) => Effect.Effect<boolean, never, R>, never, R> =>
  Effect.map(Schedule.toStepWithSleep(schedule), (step) => (input) =>
    Effect.matchCause(step(input), { onFailure: () => false, onSuccess: () => true }))
