/** `Cookies` of the effect 4 HTTP client (`effect/http`), for `#line/http/Cookies` (see src/line/v3/http). */
export * from "effect/http/Cookies"
