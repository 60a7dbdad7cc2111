/**
 * Durations as effect 3 names them. Shared code imports `#line/duration`:
 * this module on the effect 3 line, `v4/src/line/duration.ts` on effect 4
 * (tsconfig `paths` while developing; package.json `imports`, scoped by the
 * nearest package.json, in what is published).
 *
 * Not internal: the public types of Retry name `Input`, so it stays in the
 * published declarations.
 */
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"

/** What a user may write for a duration: `"1 second"`, a number of milliseconds, a Duration. */
export type Input = Duration.DurationInput

/** Reads a duration input. */
export const decode: (input: Input) => Duration.Duration = Duration.decode

/** Reads a value that may be a duration input, or says it is not one. */
export const decodeUnknown = (input: unknown): Duration.Duration | undefined => Option.getOrUndefined(Duration.decodeUnknown(input))
