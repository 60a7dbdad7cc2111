/**
 * Durations as effect 4 names them (see src/line/v3/duration.ts).
 *
 * Not internal: the public types of Retry name `Input`, so it stays in the
 * published declarations.
 */
import * as Duration from "effect/Duration"

/** What a user may write for a duration: `"1 second"`, a number of milliseconds, a Duration. */
export type Input = Duration.Input

/** Reads a duration input. */
export const decode: (input: Input) => Duration.Duration = Duration.fromInputUnsafe
