/** `Persistence` of effect 3 (`@effect/experimental`), for `#line/persistence/Persistence`; effect 4 has it in `effect/persistence`. */
export * from "@effect/experimental/Persistence"
