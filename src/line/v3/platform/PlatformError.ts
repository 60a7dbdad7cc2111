/** The platform error of effect 3 (`@effect/platform/Error`), for `#line/platform/PlatformError`; effect 4 has it in `effect/PlatformError`. */
export * from "@effect/platform/Error"
