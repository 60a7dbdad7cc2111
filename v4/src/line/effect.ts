/**
 * Effect combinators as effect 4 names them (see src/line/v3/effect.ts).
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
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
