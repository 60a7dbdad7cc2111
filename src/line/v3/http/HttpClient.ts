/** `HttpClient` of the effect 3 HTTP client (`@effect/platform`), for `#line/http/HttpClient`; effect 4's is in `effect/http`. */
export * from "@effect/platform/HttpClient"
