/**
 * Waiting for a transport, and stopping it when the fiber that waits is
 * interrupted.
 *
 * `Effect.async` with a canceller wraps the wait in an uninterruptible
 * region and an exit handler; measured on the Node transport, that cost
 * about a third of a whole request's CPU time. A transport called by
 * `execute`, which knows its fiber, uses a fiber observer instead: an
 * interrupted fiber always ends, and its observers hear of it then. The
 * difference: the abort comes once the fiber has ended, after the
 * finalizers that were waiting above the request.
 *
 * @internal
 */
import * as Fibers from "#line/fiber"
import * as Effects from "#line/effect"
import * as Effect from "effect/Effect"
import type * as Exit from "effect/Exit"

/** The fiber a direct send runs on, when its caller knows it. @internal */
export type Waiter = Fibers.Current

/**
 * Starts the work with `start`, which is given the callback for its
 * outcome and gives back how to abort it; waits for the outcome. `abort`
 * runs if the fiber is interrupted while waiting.
 *
 * @internal
 */
export const awaitOutcome = <A, E>(
  fiber: Waiter | undefined,
  start: (settle: (outcome: Exit.Exit<A, E>) => void) => () => void
): Effect.Effect<A, E> =>
  fiber === undefined
    ? Effects.callback<A, E>((resume) => {
      const abort = start(resume)
      return Effect.sync(abort)
    })
    : Effects.callback<A, E>((resume) => {
      // Registered and removed on the fiber itself, as observers must be.
      let abort = noop
      const stopListening = Fibers.onEnd(fiber, () => abort())
      abort = start((outcome) =>
        resume(Effect.suspend(() => {
          stopListening()
          return outcome
        }))
      )
    })

const noop = () => {}
