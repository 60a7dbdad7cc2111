/**
 * The test clock of effect 3 (`effect/TestClock`), for `#line/testClock`;
 * effect 4's is in `effect/testing`.
 *
 * Not part of the public API; not marked internal all the same, since
 * marking the header would strip the import it precedes from the
 * declarations that ship.
 */
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"

/** Moves the fiber's TestClock forward. */
export const adjust = (duration: Duration.DurationInput): Effect.Effect<void> => TestClock.adjust(duration)
