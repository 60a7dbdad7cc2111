/**
 * The RateLimiter and Persistence modules as effect 4 has them: in
 * `effect` itself, loaded with it (see src/line/v3/persistence/modules.ts).
 *
 * Not part of the public API; not marked internal all the same, since
 * marking the header would strip the import it precedes from the
 * declarations that ship.
 */
import * as Effect from "effect/Effect"
import * as Persistence from "effect/persistence/Persistence"
import * as RateLimiter from "effect/persistence/RateLimiter"

/** The RateLimiter module. */
export const rateLimiter: Effect.Effect<typeof RateLimiter, string> = Effect.succeed(RateLimiter)

/** The Persistence module. */
export const persistence: Effect.Effect<typeof Persistence, string> = Effect.succeed(Persistence)
