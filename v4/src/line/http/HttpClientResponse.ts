/** `HttpClientResponse` of the effect 4 HTTP client (`effect/http`), for `#line/http/HttpClientResponse` (see src/line/v3/http). */
export * from "effect/http/HttpClientResponse"
