/** The platform error of effect 4, for `#line/platform/PlatformError` (see src/line/v3/platform). */
export * from "effect/PlatformError"
