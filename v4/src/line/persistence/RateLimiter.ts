/** `RateLimiter` of effect 4 (`effect/persistence`), for `#line/persistence/RateLimiter` (see src/line/v3/persistence). */
export * from "effect/persistence/RateLimiter"
