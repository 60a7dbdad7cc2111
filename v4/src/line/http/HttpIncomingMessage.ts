/** `HttpIncomingMessage` of the effect 4 HTTP client (`effect/http`), for `#line/http/HttpIncomingMessage` (see src/line/v3/http). */
export * from "effect/http/HttpIncomingMessage"
