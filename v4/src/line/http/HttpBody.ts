/** `HttpBody` of the effect 4 HTTP client (`effect/http`), for `#line/http/HttpBody` (see src/line/v3/http). */
export * from "effect/http/HttpBody"
