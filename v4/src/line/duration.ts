/**
 * Durations as effect 4 names them (see src/line/v3/duration.ts).
 *
 * Not internal: the public types of Retry name `Input`, so it stays in the
 * published declarations.
 */
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"

/** What a user may write for a duration: `"1 second"`, a number of milliseconds, a Duration. */
export type Input = Duration.Input

/** Reads a duration input. */
export const decode: (input: Input) => Duration.Duration = Duration.fromInputUnsafe

/** Reads a value that may be a duration input, or says it is not one. */
export const decodeUnknown = (input: unknown): Duration.Duration | undefined =>
  Option.getOrUndefined(Duration.fromInput(input as Input))
