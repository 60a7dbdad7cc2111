/** `RateLimiter` of effect 3 (`@effect/experimental`), for `#line/persistence/RateLimiter`; effect 4 has it in `effect/persistence`. */
export * from "@effect/experimental/RateLimiter"
