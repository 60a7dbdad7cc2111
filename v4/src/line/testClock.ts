/**
 * The test clock of effect 4 (`effect/testing`), for `#line/testClock`
 * (see src/line/v3/testClock.ts).
 *
 * Not part of the public API; not marked internal all the same, since
 * marking the header would strip the import it precedes from the
 * declarations that ship.
 */
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import * as TestClock from "effect/testing/TestClock"

/** Moves the fiber's TestClock forward. */
export const adjust = (duration: Duration.Input): Effect.Effect<void> => TestClock.adjust(duration)
