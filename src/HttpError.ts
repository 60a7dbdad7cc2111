/**
 * Every way a request can fail, as one tagged union.
 *
 * ```text
 * HttpError
 * ├── InvalidUrl        the URL does not parse, is not http(s), or escapes the session's baseUrl
 * ├── InvalidRequest    options contradict each other, or a method/header would inject bytes
 * ├── ConnectionError   DNS, refused, reset or TLS failure, or the connection broke mid-body
 * ├── TimeoutError      no headers (phase "headers") or not the whole body (phase "body") in time, the call past its deadline, a stream idle
 * ├── StatusError       validateStatus rejected the status (default: anything but 2xx)
 * ├── TooManyRedirects  more redirects than the `redirects` option allows
 * ├── BodyTooLarge      the decoded body went past `maxBodySize`
 * ├── DecodeError       the body is not JSON, or does not match the schema
 * └── CircuitOpen       the session's circuit breaker for that origin is open: failed at once
 * ```
 *
 * Messages read `Tag: detail (METHOD url)`, and end with `after N attempts`
 * when retries made more than one (`attempts` holds N). URLs are redacted in every
 * field, message and `toJSON`: userinfo passwords and credential query
 * parameters print as `<redacted>`, and so do the values of `authorization`,
 * `proxy-authorization`, `cookie` and `set-cookie` headers.
 *
 * @since 0.1.0
 */
import * as Client from "#line/client"
import * as Duration from "effect/Duration"
import * as Predicate from "effect/Predicate"
import { describeCause, redactHeaders, redactUrl } from "./core/redact.js"
import * as Base from "./internal/errorBase.js"
import { type StatusFields, Tagged } from "./internal/errorBase.js"

/**
 * The mark every error of this library carries; `isHttpError` tests it.
 *
 * @example
 * ```ts
 * import { HttpError } from "effect-requests"
 *
 * const marked = (u: object): boolean => HttpError.TypeId in u
 * ```
 *
 * @since 0.1.0
 * @category type ids
 */
export const TypeId: typeof Base.TypeId = Base.TypeId

/**
 * The type of `TypeId`.
 *
 * @example
 * ```ts
 * import { HttpError } from "effect-requests"
 *
 * const id: HttpError.TypeId = HttpError.TypeId
 * ```
 *
 * @since 0.1.0
 * @category type ids
 */
export type TypeId = typeof TypeId

/**
 * The union of every error a request can fail with; `D` is the type of a
 * `StatusError`'s parsed error body (`data`), known once a session or a
 * request has an `errorBody` schema.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http, HttpError } from "effect-requests"
 *
 * const describe = (e: HttpError.HttpError): string => e._tag
 * const program = Http.get("http://127.0.0.1:1/").pipe(Effect.mapError(describe))
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type HttpError<D = unknown> =
  | InvalidUrl
  | InvalidRequest
  | ConnectionError
  | TimeoutError
  | StatusError<D>
  | TooManyRedirects
  | BodyTooLarge
  | DecodeError
  | CircuitOpen

/**
 * What reading or decoding a body can fail with: the connection broke,
 * the deadline passed, the body was too large or did not decode, or it was
 * read already. Never a `StatusError`: the status was checked before.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http, HttpError } from "effect-requests"
 *
 * const body = (res: Http.Response): Effect.Effect<string, HttpError.BodyError> => res.text
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type BodyError = ConnectionError | TimeoutError | BodyTooLarge | DecodeError | InvalidRequest

/**
 * Whether a value is one of this library's errors.
 *
 * @example
 * ```ts
 * import { HttpError } from "effect-requests"
 *
 * HttpError.isHttpError(new HttpError.InvalidRequest({ reason: "bad" })) // true
 * ```
 *
 * @since 0.1.0
 * @category refinements
 */
export const isHttpError = (u: unknown): u is HttpError => Predicate.hasProperty(u, TypeId)

/**
 * The URL does not parse, is not `http:` or `https:`, or escapes the
 * session's `baseUrl` (an absolute URL, `//host`, or `..` above the base).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 *
 * const program = Http.get("not a url").pipe(
 *   Effect.catchTag("InvalidUrl", (e) => Effect.succeed(e.reason))
 * )
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidUrl extends Tagged("InvalidUrl")<{
  readonly url: string
  readonly reason: string
  readonly method?: string | undefined
}>() {
  protected get detail() {
    return this.reason
  }
}

/**
 * Options that contradict each other (`json` with `form`), a header name or
 * value that would inject a line (CR, LF, NUL), a method that is not an HTTP
 * token, or a body that cannot be sent again for a redirect. Raised before
 * any byte goes out.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 *
 * const program = Http.get("http://127.0.0.1/", { headers: { "x-a": "1\r\nx-b: 2" } }).pipe(
 *   Effect.catchTag("InvalidRequest", (e) => Effect.succeed(e.reason))
 * )
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidRequest extends Tagged("InvalidRequest")<{
  readonly reason: string
  readonly method?: string | undefined
  readonly url?: string | undefined
}>() {
  protected get detail() {
    return this.reason
  }
}

/**
 * The transport could not connect or the connection broke: DNS failure,
 * refused, reset, TLS failure, or a body cut off mid-stream. `cause` holds
 * what the transport threw.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 *
 * const program = Http.get("http://127.0.0.1:1/").pipe(
 *   Effect.catchTag("ConnectionError", () => Effect.succeed("offline"))
 * )
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class ConnectionError extends Tagged("ConnectionError")<{
  readonly method: string
  readonly url: string
  readonly cause: unknown
}>() {
  protected get detail() {
    const cause = describeCause(this.cause) as { code?: string; message?: string } | string | undefined
    if (cause === undefined) return "connection failed"
    if (typeof cause === "string") return cause
    const root = (this.cause as { cause?: unknown }).cause
    const inner = root instanceof Error ? describeCause(root) as { code?: string; message: string } : undefined
    const best = inner ?? cause
    const message = best.message ?? ""
    return best.code === undefined || message.includes(best.code) ? message : `${best.code}: ${message}`
  }
}

/**
 * The attempt went past its `timeout`: `phase` is `"headers"` when the
 * response did not start in time, `"body"` when reading the body did not
 * finish in time. `"deadline"`: the whole call (attempts, waits, redirects
 * and the body) went past its `deadline`, which `timeout` then is.
 * `"idle"`: a body read as it arrives got no bytes for `idleTimeout`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 *
 * const program = Http.get("http://127.0.0.1:8080/delay/3", { timeout: "300 millis" }).pipe(
 *   Effect.catchTag("TimeoutError", (e) => Effect.succeed(e.phase))
 * )
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class TimeoutError extends Tagged("TimeoutError")<{
  readonly method: string
  readonly url: string
  readonly timeout: Duration.Duration
  readonly phase: "headers" | "body" | "deadline" | "idle"
}>() {
  protected get detail() {
    const what = this.phase === "headers" ? "no response" : this.phase === "body" ? "body not read" : this.phase === "idle" ? "no bytes" : "not done"
    return `${what} within ${Duration.format(this.timeout)}${this.phase === "deadline" ? " (deadline)" : ""}`
  }
}

/**
 * The response status was rejected by `validateStatus` (by default anything
 * outside 200–299). Carries the status, the response headers (redacted),
 * the first 4 KiB of the body as text, and the parsed `Retry-After`.
 * `data` is the body decoded by `Http.errorBody(schema)`, when that was used
 * and the body matched.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 *
 * const program = Http.get("http://127.0.0.1:8080/status/404").pipe(
 *   Effect.catchTag("StatusError", (e) => Effect.succeed(e.status))
 * )
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class StatusError<A = unknown> extends Tagged("StatusError")<StatusFields<unknown>>((args) => ({
  ...args,
  headers: redactHeaders(args.headers),
  data: args.data
})) {
  // Declared again only to carry the type parameter.
  declare readonly data: A | undefined
  constructor(args: StatusFields<A>) {
    super(args)
  }
  protected get detail() {
    return `${this.status}${this.statusText === "" ? "" : ` ${this.statusText}`}`
  }
}

/**
 * The redirect chain went past the `redirects` limit (a loop ends here too,
 * after the limit). `redirects` lists the URLs followed, redacted.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 *
 * const program = Http.get("http://127.0.0.1:8080/redirect/5", { redirects: 2 }).pipe(
 *   Effect.catchTag("TooManyRedirects", (e) => Effect.succeed(e.redirects.length))
 * )
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class TooManyRedirects extends Tagged("TooManyRedirects")<{
  readonly method: string
  readonly url: string
  readonly redirects: ReadonlyArray<string>
}>((args) => ({ ...args, redirects: args.redirects.map(redactUrl) })) {
  protected get detail() {
    return `stopped after ${this.redirects.length} redirects`
  }
}

/**
 * The body, counted after decompression, went past `maxBodySize` bytes.
 * Reading stops at the limit, so a compression bomb is never inflated.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 *
 * const program = Http.get("http://127.0.0.1:8080/bytes/50000", { maxBodySize: 1000 }).pipe(
 *   Effect.flatMap((res) => res.bytes),
 *   Effect.catchTag("BodyTooLarge", (e) => Effect.succeed(e.limit))
 * )
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class BodyTooLarge extends Tagged("BodyTooLarge")<{
  readonly method: string
  readonly url: string
  readonly limit: number
}>() {
  protected get detail() {
    return `body exceeds ${this.limit} bytes`
  }
}

/**
 * Where decoding failed: `path` into the value, and what was wrong there.
 *
 * @example
 * ```ts
 * import { Effect, Schema } from "effect"
 * import { Http, HttpError } from "effect-requests"
 *
 * const where = Http.get("http://127.0.0.1:8080/json").pipe(
 *   Http.decode(Schema.Struct({ id: Schema.Number })),
 *   Effect.catchTag("DecodeError", (e) => Effect.succeed<HttpError.DecodeIssue>(e.issue))
 * )
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface DecodeIssue {
  readonly path: ReadonlyArray<PropertyKey>
  readonly message: string
}

/**
 * The body is not JSON, or does not match the schema. `issue` names the path
 * and the problem; `body` is the first 4 KiB of the body text.
 *
 * @example
 * ```ts
 * import { Effect, Schema } from "effect"
 * import { Http } from "effect-requests"
 *
 * const program = Http.get("http://127.0.0.1:8080/html").pipe(
 *   Http.decode(Schema.Struct({ id: Schema.Number })),
 *   Effect.catchTag("DecodeError", (e) => Effect.succeed(e.issue.message))
 * )
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class DecodeError extends Tagged("DecodeError")<{
  readonly method: string
  readonly url: string
  readonly status: number
  readonly issue: DecodeIssue
  readonly body: string
}>() {
  protected get detail() {
    const path = this.issue.path.map((key) => `[${JSON.stringify(typeof key === "symbol" ? String(key) : key)}]`).join("")
    return path === "" ? this.issue.message : `${this.issue.message} at ${path}`
  }
}

/**
 * The session's circuit breaker for the request's origin is open: too many
 * failures in a row, so the request fails at once instead of adding load.
 * `retryAfter` is how long until the breaker lets a probe through.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 *
 * const api = Http.make({ circuitBreaker: { failureThreshold: 5, resetAfter: "30 seconds" } })
 * const program = api.get("http://127.0.0.1:8080/status/503").pipe(
 *   Effect.catchTag("CircuitOpen", (e) => Effect.succeed(`try again in ${e.retryAfter}`))
 * )
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class CircuitOpen extends Tagged("CircuitOpen")<{
  readonly method: string
  readonly url: string
  readonly retryAfter: Duration.Duration
}>() {
  protected get detail() {
    return `circuit open for this origin, next probe in ${Duration.format(this.retryAfter)}`
  }
}

/**
 * This library's error for an error of the platform `HttpClient`: the one
 * `session.httpClient` (or `Http.layerFromSession`) put as the `cause` of
 * the `RequestError` it failed with, or, for an error of another client,
 * the closest of ours (a transport failure is a `ConnectionError`, a bad
 * URL an `InvalidUrl`, a status a client rejected a `StatusError`), named
 * by the error's request or by `at`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { HttpClient } from "effect/http"
 * import { HttpError } from "effect-requests"
 *
 * const program = HttpClient.get("http://127.0.0.1:8080/delay/5").pipe(
 *   Effect.mapError(HttpError.fromPlatform),
 *   Effect.catchTag("TimeoutError", () => Effect.succeed("too slow"))
 * )
 * ```
 *
 * ```ts effect3
 * import { HttpClient } from "@effect/platform"
 * import { Effect } from "effect"
 * import { HttpError } from "effect-requests/v3"
 *
 * const program = HttpClient.get("http://127.0.0.1:8080/delay/5").pipe(
 *   Effect.mapError(HttpError.fromPlatform),
 *   Effect.catchTag("TimeoutError", () => Effect.succeed("too slow"))
 * )
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromPlatform = (
  error: Client.ClientError,
  /** The method and URL to name, when the caller knows the request better than the error does. */
  at: { readonly method: string; readonly url: string } = error.request
): HttpError => {
  const { method, url } = at
  const { cause, description, kind, response } = Client.describe(error)
  if (isHttpError(cause)) return cause
  switch (kind) {
    case "InvalidUrl":
      return new InvalidUrl({ method, url, reason: "not a valid URL" })
    case "Encode":
      return new InvalidRequest({ method, url, reason: description ?? "the body could not be encoded" })
    case "StatusCode":
      // Only a client filtered with HttpClient.filterStatus* fails like
      // this; the body stays unread, as that client decided.
      return new StatusError({
        method,
        url,
        status: response?.status ?? 0,
        statusText: "",
        headers: response?.headers ?? {},
        body: "",
        retryAfter: undefined
      })
    default:
      // A transport failure, or a body stream that broke after the headers.
      return new ConnectionError({ method, url, cause })
  }
}
