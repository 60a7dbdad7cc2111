/** `Persistence` of effect 4 (`effect/persistence`), for `#line/persistence/Persistence` (see src/line/v3/persistence). */
export * from "effect/persistence/Persistence"
