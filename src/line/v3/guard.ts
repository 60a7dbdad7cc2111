/**
 * The effect 3 entries' first import: it fails at once, in one line that
 * says what to do, when the effect installed is effect 4 (where
 * `Effect.fork` is `Effect.forkChild`). Loaded before anything that could
 * not even be found beside effect 4 (see scripts/guard-entries.mjs).
 *
 * Not part of the public API; not marked internal all the same, since
 * marking the header would strip the import it precedes from the
 * declarations that ship.
 */
import * as Effect from "effect/Effect"

/** The message of the wrong pairing. */
export const wrongMajor =
  "effect-requests/v3 is the entry for effect 3, but the effect installed is effect 4: " +
  "import \"effect-requests\" (and \"effect-requests/node\", \"effect-requests/testing\") instead, " +
  "or install effect 3: npm install effect@3 @effect/platform@0.97"

/** True once checked; the check throws on effect 4. */
export const checked: boolean = (() => {
  if (typeof (Effect as { readonly fork?: unknown }).fork !== "function") throw new Error(wrongMajor)
  return true
})()
