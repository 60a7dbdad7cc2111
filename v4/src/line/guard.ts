/**
 * The root entries' first import: it fails at once, in one line that says
 * what to do, when the effect installed is effect 3 (which has no
 * `Effect.forkChild`). Loaded before anything that could not even be found
 * beside effect 3 (see scripts/guard-entries.mjs).
 *
 * Not part of the public API; not marked internal all the same, since
 * marking the header would strip the import it precedes from the
 * declarations that ship.
 */
import * as Effect from "effect/Effect"

/** The message of the wrong pairing. */
export const wrongMajor =
  "effect-requests is the entry for effect 4, but the effect installed is effect 3: " +
  "import \"effect-requests/v3\" (and \"effect-requests/v3/node\", \"effect-requests/v3/testing\") instead, " +
  "or install effect 4: npm install effect@4"

/** True once checked; the check throws on effect 3. */
export const checked: boolean = (() => {
  if (typeof (Effect as { readonly forkChild?: unknown }).forkChild !== "function") throw new Error(wrongMajor)
  return true
})()
