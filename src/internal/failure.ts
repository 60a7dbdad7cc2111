/**
 * Error handling that costs nothing when there is no error.
 *
 * @internal
 */
import * as Effect from "effect/Effect"

/**
 * `Effect.catchAll`, for the hot path: catchAll installs a frame for
 * success and failure whose success side is one more step of the fiber,
 * while a failure-only frame (catchAllCause) is passed over. A plain
 * failure goes to `f`; any other cause (defects, several failures) gets
 * catchAll's own treatment; an interruption passes through, as it does
 * there.
 *
 * @internal
 */
export const onFailure = <A, E, R, A2, E2, R2>(
  self: Effect.Effect<A, E, R>,
  f: (error: E) => Effect.Effect<A2, E2, R2>
): Effect.Effect<A | A2, E2, R | R2> =>
  Effect.catchAllCause(self, (cause) => cause._tag === "Fail" ? f(cause.error) : Effect.catchAll(Effect.failCause(cause), f))
