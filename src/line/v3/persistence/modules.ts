/**
 * `@effect/experimental`'s RateLimiter and Persistence, loaded where a
 * session first uses them (a rate limit, a shared cache store): the effect 3
 * entries import nothing of that optional peer until then, so an app that
 * uses neither need not install it. Effect 4 has both in `effect` itself
 * (v4/src/line/persistence/modules.ts).
 *
 * Not part of the public API; not marked internal all the same, since
 * marking the header would strip the import it precedes from the
 * declarations that ship.
 */
import type * as Persistence from "@effect/experimental/Persistence"
import type * as RateLimiter from "@effect/experimental/RateLimiter"
import * as Effect from "effect/Effect"

/** Why a feature cannot run: the package it needs is not installed (or, in a bundle, not bundled). */
const missing = (feature: string) =>
  `${feature} needs @effect/experimental on effect 3, which could not be loaded: npm install @effect/experimental@^0.61`

/**
 * The optional peer by a specifier bundlers do not follow: a literal
 * `import("@effect/experimental/…")` made esbuild split the peer into chunks
 * whose shared effect code every program loads first, rate limit or not
 * (+4 KB gzipped on a GET). In a browser bundle on effect 3, a rate limit
 * or a shared store then reports the peer missing.
 */
const load = <A>(specifier: string): Promise<A> => import(/* @vite-ignore */ specifier) as Promise<A>

const once = <A>(load: () => Promise<A>, feature: string): Effect.Effect<A, string> => {
  let loading: Promise<A> | undefined
  return Effect.tryPromise({
    try: () => loading ??= load(),
    catch: () => {
      loading = undefined
      return missing(feature)
    }
  })
}

/** The RateLimiter module. */
export const rateLimiter: Effect.Effect<typeof RateLimiter, string> = /* @__PURE__ */ once(() => load<typeof RateLimiter>("@effect/experimental/RateLimiter"), "rateLimit")

/** The Persistence module. */
export const persistence: Effect.Effect<typeof Persistence, string> = /* @__PURE__ */ once(() => load<typeof Persistence>("@effect/experimental/Persistence"), "cache: { store: \"persistence\" }")
