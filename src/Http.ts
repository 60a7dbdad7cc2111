/**
 * Requests for Effect: `Http.get(url)` is an `Effect` that needs only an
 * `HttpClient` from @effect/platform, fails with a typed `HttpError`, and
 * gives a `Response` whose body can be read as text, JSON, bytes, a stream,
 * or decoded with a `Schema`.
 *
 * @since 0.1.0
 */
import * as FileSystem from "@effect/platform/FileSystem"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as PlatformError from "@effect/platform/Error"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import type * as UrlParams from "@effect/platform/UrlParams"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type * as Auth from "./Auth.js"
import type * as HttpError from "./HttpError.js"
import type * as Retry from "./Retry.js"
import * as combinators from "./internal/combinators.js"
import * as FetchTransport from "./internal/fetch/transport.js"
import * as session from "./internal/session.js"
import * as Sse from "./internal/sse.js"
import * as Transport from "./internal/transport.js"
import * as streaming from "./internal/streaming.js"

/**
 * A file part of a `multipart` body.
 *
 * @example
 * ```ts
 * import { Http } from "effect-requests"
 *
 * const file: Http.MultipartFile = { content: "a,b\n1,2\n", filename: "data.csv", contentType: "text/csv" }
 * const upload = Http.post("http://127.0.0.1:8080/post", { multipart: { file } })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface MultipartFile {
  readonly content: string | Uint8Array | Blob
  /**
   * @default the field name
   */
  readonly filename?: string | undefined
  /**
   * @default the Blob's type, or none
   */
  readonly contentType?: string | undefined
}

/**
 * A value of a `multipart` field: text, or a file.
 *
 * @example
 * ```ts
 * import { Http } from "effect-requests"
 *
 * const fields: Record<string, Http.MultipartValue> = { name: "report", pages: 3, pdf: { content: new Uint8Array([37, 80]) } }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type MultipartValue = string | number | boolean | MultipartFile

/**
 * What a session and a single request can both set. A request's value wins
 * over its session's; `headers` and `params` merge name by name.
 *
 * @example
 * ```ts
 * import { Http } from "effect-requests"
 *
 * const common: Http.CommonOptions = { timeout: "5 seconds", redirects: 5, maxBodySize: 1024 * 1024 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface CommonOptions {
  /**
   * Query parameters appended to the URL. An array repeats the key;
   * `undefined` drops it.
   * @default none
   */
  readonly params?: UrlParams.Input | undefined
  /**
   * Header names are case-insensitive; `undefined` removes a header the
   * session would send (even the default `User-Agent`). Values with CR, LF
   * or NUL are refused with `InvalidRequest`.
   * @default { "user-agent": "effect-requests/<version>" }
   */
  readonly headers?: Readonly<Record<string, string | undefined>> | undefined
  /**
   * Sent as `Authorization`, and only to the origin of the request: a
   * redirect to another origin drops it for the rest of the chain.
   * @default none (userinfo in the URL becomes Basic auth, as in requests)
   */
  readonly auth?: Auth.Auth | undefined
  /**
   * Bounds one attempt from sending to the last byte read by
   * `text`/`json`/`bytes`/`decode`, redirects included. `Duration.infinity` for none;
   * one past a timer's range (2³¹ − 1 ms, about 24.8 days) is kept as none too.
   * A session's 429 pause counts against it: a pause as long fails at once.
   * @default "30 seconds" — long enough for a slow API, short enough that a
   * dead server does not hang a program forever (requests' default of no
   * timeout is its most common complaint).
   */
  readonly timeout?: Duration.DurationInput | undefined
  /**
   * The most redirects to follow, or `false` (same as 0) to return the 3xx
   * response itself; then a 3xx is not a `StatusError`.
   * @default 20 — what browsers allow, and far past any legitimate chain.
   */
  readonly redirects?: number | false | undefined
  /**
   * Follow a redirect from https to plain http. Off, such a hop fails with
   * `InvalidRequest` before anything is sent over http; on, the hop is an
   * origin change like any other, so credentials are dropped.
   * @default false — a downgrade exposes the rest of the exchange to anyone
   * on the path (requests CVE-2018-18074).
   */
  readonly allowInsecureRedirects?: boolean | undefined
  /**
   * Which statuses are a success; any other fails with `StatusError`.
   * @default 200–299 (200–399 when redirects are off)
   */
  readonly validateStatus?: ((status: number) => boolean) | undefined
  /**
   * The most bytes `text`/`json`/`bytes`/`decode` will read, counted after
   * decompression; past it they fail with `BodyTooLarge`. Streams are not
   * limited.
   * @default 67108864 (64 MiB) — larger than any JSON API answer, small
   * enough that a hostile server cannot exhaust memory.
   */
  readonly maxBodySize?: number | undefined
  /**
   * The longest line `lines`, `Http.ndjson` and `Http.sse` accept, in
   * characters; a longer one fails the stream with a `DecodeError`.
   * @default 1048576 (1 Mi characters) — far above any real event or
   * record, and it bounds what one hostile line can hold in memory.
   */
  readonly maxLineLength?: number | undefined
  /**
   * How failed attempts are retried: a `Retry.policy(...)`, `Retry.none`, or
   * any `Schedule` over `HttpError`s.
   * @default Retry.policy() — 2 retries of idempotent requests on connection
   * errors, timeouts and 408/425/429/500/502/503/504, exponential backoff
   * from 200 ms with full jitter, honouring Retry-After up to 60 s.
   */
  readonly retry?: Retry.Retry | undefined
}

/**
 * Options of one request. At most one of `json`, `form`, `multipart` and
 * `body` may be given; two is an `InvalidRequest`.
 *
 * @example
 * ```ts
 * import { Http } from "effect-requests"
 *
 * const options: Http.Options = { params: { page: 2 }, headers: { accept: "application/json" }, json: { name: "x" } }
 * const program = Http.post("http://127.0.0.1:8080/post", options)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Options extends CommonOptions {
  /** A JSON body (`Content-Type: application/json`). */
  readonly json?: unknown
  /** An urlencoded form body, like requests' `data=`. */
  readonly form?: UrlParams.Input | undefined
  /** A `multipart/form-data` body of text fields and files. */
  readonly multipart?:
    | Readonly<Record<string, MultipartValue | ReadonlyArray<MultipartValue> | undefined>>
    | undefined
  /**
   * A raw body. A string is sent as `text/plain`, bytes as
   * `application/octet-stream` (set `content-type` to change it); a stream
   * is sent as it comes and cannot be replayed for a 307/308 redirect.
   * A string or bytes go with their own `Content-Length` (one you set is
   * replaced); a stream is sent chunked, or at the `content-length` you set
   * over `NodeHttp` (fetch always sends a stream chunked).
   */
  readonly body?: string | Uint8Array | Stream.Stream<Uint8Array, unknown> | undefined
  /**
   * Called as bytes move: for a `Stream` request body as it is sent (the
   * total from a `content-length` header you set), and for the response
   * body when it is consumed as `stream`/`lines` or by `Http.download` (the
   * total from its Content-Length, when not compressed).
   * @default none
   */
  readonly onProgress?: ((progress: Progress) => Effect.Effect<void>) | undefined
}

/**
 * How far a body has moved.
 *
 * @example
 * ```ts
 * import { Console } from "effect"
 * import { Http } from "effect-requests"
 *
 * const show = (p: Http.Progress) => Console.log(`${p.transferred} bytes (${p.percent?.toFixed(0) ?? "?"}%)`)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Progress {
  readonly transferred: number
  readonly total?: number | undefined
  readonly percent?: number | undefined
}

/**
 * Configuration of a session made with `Http.make`.
 *
 * @example
 * ```ts
 * import { Http } from "effect-requests"
 *
 * const config: Http.SessionConfig = { baseUrl: "http://127.0.0.1:8080/api/", headers: { "x-team": "core" } }
 * const api = Http.make(config)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface SessionConfig extends CommonOptions {
  /**
   * Relative paths join under it like file paths and cannot leave it: `..`
   * stops at its path, and absolute or `//host` URLs fail with `InvalidUrl`.
   * @default none: every request needs an absolute URL
   */
  readonly baseUrl?: string | URL | undefined
  /**
   * Let a session with a `baseUrl` send to absolute URLs (axios
   * CVE-2025-27152 is what happens when this is the default).
   * @default false
   */
  readonly allowAbsoluteUrls?: boolean | undefined
  /**
   * Retries to an origin may add at most this share of the session's
   * requests to it over a sliding minute (and at least `minPerMinute`), so
   * that a failing dependency gets a trickle of retries, not a storm.
   * `false` for no budget. (Module-level verbs such as `Http.get` keep no
   * state between calls, so they have no budget and no 429 pause: make a
   * session for those.)
   * @default { ratio: 0.2, minPerMinute: 10 }
   */
  readonly retryBudget?: { readonly ratio?: number | undefined; readonly minPerMinute?: number | undefined } | false | undefined
  /**
   * At most `limit` requests per `interval` to each origin; requests past it
   * wait their turn (retries count too). Runs on @effect/experimental's
   * `RateLimiter`: its in-memory store by default, or the `RateLimiter`
   * found in the context (give it a Redis store to share one limit between
   * processes; `key` names the shared counter).
   * @default none
   */
  readonly rateLimit?: RateLimitOptions | undefined
  /**
   * At most this many attempts in flight to each origin; the others queue.
   * An attempt holds its place until its response headers arrive.
   * @default none
   */
  readonly maxConcurrent?: number | undefined
  /**
   * After `failureThreshold` failures in a row to an origin (connection
   * errors, timeouts, 5xx), requests to it fail at once with `CircuitOpen`
   * for `resetAfter`; then one probe goes through, and its outcome closes
   * or reopens the circuit.
   * @default none
   */
  readonly circuitBreaker?: CircuitBreakerOptions | undefined
  /**
   * Keep a cookie jar: cookies set by responses (redirects included) are
   * sent on later requests of the session, scoped by domain and path,
   * `Secure` ones only over https, until they expire. A cookie is never
   * sent to a host it was not set for.
   * @default false — like requests' module functions; a session object
   * that keeps cookies is a decision, not a surprise.
   */
  readonly cookies?: boolean | undefined
  /**
   * Send requests through an HTTP proxy (`NodeHttp.layer` only; other
   * transports refuse the request with `InvalidRequest`). Every request is
   * tunnelled with CONNECT, http ones too, so credentials in the proxy URL
   * go to the proxy alone and never to the destination. Hosts in
   * `noProxy` go direct. Environment variables are not read: pass
   * `process.env.HTTPS_PROXY` and `process.env.NO_PROXY` if you want them.
   * @default none
   */
  readonly proxy?: string | URL | ProxyOptions | undefined
  /**
   * Log each send through Effect's `Logger`: `"errors"` logs failures and
   * error statuses at Warning, `"all"` also logs the rest at Debug (raise
   * the minimum log level to see them). Each line carries method, redacted
   * URL, status, duration, attempt and sizes as annotations.
   * @default "off"
   */
  readonly log?: "off" | "errors" | "all" | undefined
  /**
   * When a tracer is installed, send W3C `traceparent` (and b3) with each
   * request. @effect/platform's `HttpClient.withTracerPropagation(false)`
   * turns it off too.
   * @default true
   */
  readonly tracePropagation?: boolean | undefined
  /**
   * A private HTTP cache (RFC 9111) for the session's GET requests, in
   * memory: freshness from Cache-Control/Expires/Age (heuristic 10% of the
   * time since Last-Modified when nothing is explicit), `Vary`, revalidation
   * with If-None-Match/If-Modified-Since, `stale-while-revalidate` and
   * `stale-if-error`; POST/PUT/PATCH/DELETE invalidate the URL. A request
   * with Authorization is stored only when the response says it may be
   * shared. A response that was redirected is not stored; a stored one is
   * read whole (within `maxBodySize`). `response.cache` says what happened.
   * @default false
   */
  readonly cache?: boolean | CacheOptions | undefined
}

/**
 * The `proxy` option of a session, with the hosts that bypass it.
 *
 * @example
 * ```ts
 * import { Http } from "effect-requests"
 *
 * const proxy: Http.ProxyOptions = { url: "http://user:pass@127.0.0.1:3128", noProxy: "localhost,10.0.0.0/8,.internal" }
 * const api = Http.make({ proxy })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ProxyOptions {
  readonly url: string | URL
  /**
   * Hosts reached directly, as a NO_PROXY list (comma or space separated)
   * or an array: `*`, host names (`example.com` also covers its
   * subdomains), IPs in any spelling, CIDR ranges, each with an optional
   * `:port`. Naming the local machine (`localhost`, `127.0.0.1`, `::1`)
   * covers all of its addresses.
   * @default none: everything goes through the proxy
   */
  readonly noProxy?: string | ReadonlyArray<string> | undefined
}

/**
 * The `rateLimit` option of a session.
 *
 * @example
 * ```ts
 * import { Http } from "effect-requests"
 *
 * const rateLimit: Http.RateLimitOptions = { limit: 10, interval: "1 second", algorithm: "token-bucket" }
 * const api = Http.make({ rateLimit })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface RateLimitOptions {
  readonly limit: number
  readonly interval: Duration.DurationInput
  /**
   * @default "fixed-window"
   */
  readonly algorithm?: "fixed-window" | "token-bucket" | undefined
  /**
   * The name of the counter in a shared store; the origin is appended.
   * @default a name unique to the session
   */
  readonly key?: string | undefined
}

/**
 * The `circuitBreaker` option of a session.
 *
 * @example
 * ```ts
 * import { Http } from "effect-requests"
 *
 * const circuitBreaker: Http.CircuitBreakerOptions = { failureThreshold: 5, resetAfter: "30 seconds" }
 * const api = Http.make({ circuitBreaker })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface CircuitBreakerOptions {
  readonly failureThreshold: number
  readonly resetAfter: Duration.DurationInput
}

/**
 * Response headers; names are case-insensitive. Printing them redacts
 * credentials.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 *
 * const type = Http.get("http://127.0.0.1:8080/get").pipe(
 *   Effect.map((res) => res.headers.get("Content-Type"))
 * )
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ResponseHeaders extends Iterable<[string, string]> {
  /** The value of a header, whatever the case of `name`. */
  get(name: string): string | undefined
  has(name: string): boolean
  /** The headers as a record with lower-case names. */
  readonly record: Readonly<Record<string, string>>
}

/**
 * A response. Status and headers are there at once; the body is read by
 * `text`, `json`, `bytes` or `decode` (read once, then cached) or consumed
 * as a `stream`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 *
 * const program = Effect.gen(function* () {
 *   const res: Http.Response = yield* Http.get("http://127.0.0.1:8080/get")
 *   return { status: res.status, body: yield* res.text }
 * })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Response {
  readonly status: number
  readonly statusText: string
  /** Whether the status is 200–299. */
  readonly ok: boolean
  readonly headers: ResponseHeaders
  /** The final URL, after redirects. */
  readonly url: string
  /** The URLs that redirects led to, in order. */
  readonly redirects: ReadonlyArray<string>
  readonly text: Effect.Effect<string, HttpError.HttpError>
  readonly json: Effect.Effect<unknown, HttpError.HttpError>
  readonly bytes: Effect.Effect<Uint8Array, HttpError.HttpError>
  /** The body as it arrives; not bounded by `maxBodySize` or the timeout. */
  readonly stream: Stream.Stream<Uint8Array, HttpError.HttpError>
  /** The body as UTF-8 lines (any line ending), as it arrives. */
  readonly lines: Stream.Stream<string, HttpError.HttpError>
  decode<A, I, R>(schema: Schema.Schema<A, I, R>): Effect.Effect<A, HttpError.HttpError, R>
  /** The @effect/platform response underneath. */
  readonly raw: HttpClientResponse.HttpClientResponse
  /** How a session with `cache` answered: undefined when it has none. */
  readonly cache: CacheStatus | undefined
}

/**
 * How a session's cache answered a request: `"hit"` (stored and fresh, no
 * request sent), `"miss"` (from the network), `"revalidated"` (stored, and
 * the server said with a 304 that it is still good), `"stale"` (stored and
 * past its freshness, served as `stale-while-revalidate` or
 * `stale-if-error` allow).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 *
 * const api = Http.make({ cache: true })
 * const status = Effect.map(api.get("http://127.0.0.1:8080/cache/60"), (res): Http.CacheStatus | undefined => res.cache)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type CacheStatus = "hit" | "miss" | "revalidated" | "stale"

/**
 * The `cache` option of a session: a private HTTP cache in memory.
 *
 * @example
 * ```ts
 * import { Http } from "effect-requests"
 *
 * const cache: Http.CacheOptions = { maxBytes: 16 * 1024 * 1024, maxEntryBytes: 512 * 1024 }
 * const api = Http.make({ cache })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface CacheOptions {
  /**
   * `"memory"`: this session's own store. `"persistence"`: the
   * @effect/experimental `Persistence.BackingPersistence` in the context —
   * `Persistence.layerMemory`, `layerKeyValueStore` (files) or
   * `Persistence/Redis.layer` (shared by every process using that Redis).
   * A failing store is a miss; a missing layer fails the request with
   * `InvalidRequest`.
   * @default "memory"
   */
  readonly store?: "memory" | "persistence" | undefined
  /**
   * The name entries are kept under in a persistence store.
   * @default "effect-requests-http-cache"
   */
  readonly storeId?: string | undefined
  /**
   * Bodies kept in all by the memory store; the least recently used URL goes first.
   * @default 67108864 (64 MiB)
   */
  readonly maxBytes?: number | undefined
  /**
   * A larger response is passed through and not stored.
   * @default 5242880 (5 MiB)
   */
  readonly maxEntryBytes?: number | undefined
}

/**
 * The methods `Http.request` accepts: the standard ones, or any token.
 *
 * @example
 * ```ts
 * import { Http } from "effect-requests"
 *
 * const method: Http.Method = "PROPFIND"
 * const program = Http.request(method, "http://127.0.0.1:8080/anything")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS" | (string & {})

/**
 * What every verb returns.
 *
 * @example
 * ```ts
 * import { Http } from "effect-requests"
 *
 * const ping: Http.Request = Http.head("http://127.0.0.1:8080/get")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Request = Effect.Effect<Response, HttpError.HttpError, HttpClient.HttpClient>

/**
 * A session: verbs that share a base URL, headers, auth and limits.
 *
 * @example
 * ```ts
 * import { Http } from "effect-requests"
 *
 * const api: Http.Session = Http.make({ baseUrl: "http://127.0.0.1:8080/" })
 * const admin = api.extend({ headers: { "x-admin": "1" } })
 * const program = admin.get("anything")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Session {
  readonly config: SessionConfig
  request(method: Method, url: string | URL, options?: Options): Request
  get(url: string | URL, options?: Options): Request
  post(url: string | URL, options?: Options): Request
  put(url: string | URL, options?: Options): Request
  patch(url: string | URL, options?: Options): Request
  del(url: string | URL, options?: Options): Request
  head(url: string | URL, options?: Options): Request
  options(url: string | URL, options?: Options): Request
  /** A new session with this one's config merged with `config`. */
  extend(config: SessionConfig): Session
}

/**
 * Makes a session.
 *
 * @example
 * ```ts
 * import { Effect, Schema } from "effect"
 * import { Auth, Http } from "effect-requests"
 *
 * const github = Http.make({
 *   baseUrl: "https://api.github.com/",
 *   headers: { accept: "application/vnd.github+json" },
 *   auth: Auth.bearer("token"),
 *   timeout: "10 seconds"
 * })
 * const User = Schema.Struct({ login: Schema.String })
 * const program = github.get("users/octocat").pipe(Http.decode(User))
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: (config?: SessionConfig) => Session = (config = {}) => session.make(config)

// Stateless: a module-level call shares no budget or 429 pause with another.
const defaultSession = session.make({}, true)

/**
 * Sends a request with any method.
 *
 * @example
 * ```ts
 * import { Http } from "effect-requests"
 *
 * const program = Http.request("PROPFIND", "http://127.0.0.1:8080/anything")
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const request: (method: Method, url: string | URL, options?: Options) => Request = defaultSession.request

/**
 * `GET`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 *
 * const program = Effect.gen(function* () {
 *   const res = yield* Http.get("http://127.0.0.1:8080/get", { params: { q: "effect" } })
 *   return yield* res.json
 * })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const get: (url: string | URL, options?: Options) => Request = defaultSession.get

/**
 * `POST`.
 *
 * @example
 * ```ts
 * import { Http } from "effect-requests"
 *
 * const program = Http.post("http://127.0.0.1:8080/post", { form: { key: "value" } })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const post: (url: string | URL, options?: Options) => Request = defaultSession.post

/**
 * `PUT`.
 *
 * @example
 * ```ts
 * import { Http } from "effect-requests"
 *
 * const program = Http.put("http://127.0.0.1:8080/put", { json: { id: 1 } })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const put: (url: string | URL, options?: Options) => Request = defaultSession.put

/**
 * `PATCH`.
 *
 * @example
 * ```ts
 * import { Http } from "effect-requests"
 *
 * const program = Http.patch("http://127.0.0.1:8080/patch", { json: { name: "new" } })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const patch: (url: string | URL, options?: Options) => Request = defaultSession.patch

/**
 * `DELETE` (`delete` is a reserved word).
 *
 * @example
 * ```ts
 * import { Http } from "effect-requests"
 *
 * const program = Http.del("http://127.0.0.1:8080/delete")
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const del: (url: string | URL, options?: Options) => Request = defaultSession.del

/**
 * `HEAD`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 *
 * const length = Http.head("http://127.0.0.1:8080/bytes/10").pipe(
 *   Effect.map((res) => res.headers.get("content-length"))
 * )
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const head: (url: string | URL, options?: Options) => Request = defaultSession.head

/**
 * `OPTIONS`.
 *
 * @example
 * ```ts
 * import { Http } from "effect-requests"
 *
 * const program = Http.options("http://127.0.0.1:8080/anything")
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const options: (url: string | URL, options?: Options) => Request = defaultSession.options

/**
 * The default transport: the runtime's global `fetch` (Node, Bun, Deno,
 * browsers; no dependency) as a platform `HttpClient`, with redirects left
 * to this library so that they follow the same rules everywhere, and the
 * attempt's timeout kept by one timer that aborts the fetch. In browsers,
 * fetch hides redirect responses, so there a redirect arrives as status 0.
 * A small body (declared length up to 64 KiB, not compressed) arrives with
 * its response; an interrupted request is aborted as its fiber ends.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 *
 * Http.get("http://127.0.0.1:8080/get").pipe(Effect.provide(Http.layer), Effect.runPromise)
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<HttpClient.HttpClient> = Transport.layer(Effect.sync(() => FetchTransport.make()))

/**
 * The fetch transport over a `fetch` function of your own: one that adds a
 * TLS trust store or client certificate (Node's fetch takes an undici
 * `dispatcher`), an instrumented fetch, or a polyfill.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 *
 * const logged: typeof fetch = (input, init) => {
 *   console.log("fetching", String(input))
 *   return globalThis.fetch(input, init)
 * }
 * const program = Http.get("http://127.0.0.1:8080/get").pipe(Effect.provide(Http.layerWith({ fetch: logged })))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerWith = (options: { readonly fetch?: typeof globalThis.fetch | undefined }): Layer.Layer<HttpClient.HttpClient> =>
  Transport.layer(Effect.sync(() => FetchTransport.make(options.fetch)))

/**
 * Decodes the body of a response as JSON with a schema; pipe it after a verb.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Http } from "effect-requests"
 *
 * const Echo = Schema.Struct({ url: Schema.String })
 * const program = Http.get("http://127.0.0.1:8080/get").pipe(Http.decode(Echo))
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const decode: {
  <A, I, RS>(
    schema: Schema.Schema<A, I, RS>
  ): <E, R>(self: Effect.Effect<Response, E, R>) => Effect.Effect<A, E | HttpError.HttpError, R | RS>
  <E, R, A, I, RS>(
    self: Effect.Effect<Response, E, R>,
    schema: Schema.Schema<A, I, RS>
  ): Effect.Effect<A, E | HttpError.HttpError, R | RS>
} = combinators.decode

/**
 * Handles a `StatusError` of one status (or any of several), leaving the
 * others in the error channel.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 *
 * const maybeUser = Http.get("http://127.0.0.1:8080/status/404").pipe(
 *   Effect.as("found"),
 *   Http.catchStatus(404, () => Effect.succeed("missing"))
 * )
 * ```
 *
 * @since 0.1.0
 * @category error handling
 */
export const catchStatus: {
  <A2, E2, R2>(
    status: number | ReadonlyArray<number>,
    f: (error: HttpError.StatusError) => Effect.Effect<A2, E2, R2>
  ): <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A | A2, E | E2, R | R2>
  <A, E, R, A2, E2, R2>(
    self: Effect.Effect<A, E, R>,
    status: number | ReadonlyArray<number>,
    f: (error: HttpError.StatusError) => Effect.Effect<A2, E2, R2>
  ): Effect.Effect<A | A2, E | E2, R | R2>
} = combinators.catchStatus

/**
 * Decodes the body of a `StatusError` into `error.data`, typed by the
 * schema; `data` is `undefined` when the body does not match.
 *
 * @example
 * ```ts
 * import { Effect, Schema } from "effect"
 * import { Http } from "effect-requests"
 *
 * const GitHubError = Schema.Struct({ message: Schema.String })
 * const program = Http.get("https://api.github.com/nope").pipe(
 *   Http.errorBody(GitHubError),
 *   Effect.catchTag("StatusError", (e) => Effect.succeed(e.data?.message))
 * )
 * ```
 *
 * @since 0.1.0
 * @category error handling
 */
export const errorBody: {
  <D, I>(
    schema: Schema.Schema<D, I, never>
  ): <A, E, R>(
    self: Effect.Effect<A, E, R>
  ) => Effect.Effect<A, Exclude<E, HttpError.StatusError> | HttpError.StatusError<D>, R>
  <A, E, R, D, I>(
    self: Effect.Effect<A, E, R>,
    schema: Schema.Schema<D, I, never>
  ): Effect.Effect<A, Exclude<E, HttpError.StatusError> | HttpError.StatusError<D>, R>
} = combinators.errorBody

/**
 * A stream of the values of an NDJSON body, each decoded with the schema;
 * blank lines are skipped, and a bad line is a `DecodeError` naming its
 * line number.
 *
 * @example
 * ```ts
 * import { Effect, Schema, Stream } from "effect"
 * import { Http } from "effect-requests"
 *
 * const Event = Schema.Struct({ id: Schema.Number })
 * const ids = Http.get("http://127.0.0.1:8080/stream/3").pipe(
 *   Effect.map(Http.ndjson(Event)),
 *   Stream.unwrap,
 *   Stream.map((event) => event.id),
 *   Stream.runCollect
 * )
 * ```
 *
 * @since 0.1.0
 * @category streaming
 */
export const ndjson: <A, I, R>(
  schema: Schema.Schema<A, I, R>
) => (response: Response) => Stream.Stream<A, HttpError.HttpError, R> = streaming.ndjson

/**
 * The URL of a `Link` header entry (RFC 8288) with relation `rel`, resolved
 * against the response's URL.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 *
 * const nextPage = Http.get("https://api.github.com/repos/effect-ts/effect/issues").pipe(
 *   Effect.map((res) => Http.link(res, "next"))
 * )
 * ```
 *
 * @since 0.1.0
 * @category streaming
 */
export const link: (response: Response, rel: string) => Option.Option<string> = streaming.link

/**
 * Options of `Http.paginate`.
 *
 * @example
 * ```ts
 * import { Effect, Option } from "effect"
 * import { Http } from "effect-requests"
 *
 * const options: Http.PaginateOptions<Http.Request> = {
 *   next: (res) => Effect.succeed(Option.map(Http.link(res, "next"), (url) => Http.get(url))),
 *   maxPages: 10
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface PaginateOptions<Req extends Effect.Effect<Response, any, any>> {
  /**
   * The request for the page after this one, or none at the end: follow a
   * `Link` header (`Http.linkHeader`), a cursor from the decoded body, or a
   * page number.
   */
  readonly next: (
    response: Response,
    page: number
  ) => Effect.Effect<Option.Option<Req>, Effect.Effect.Error<Req>, Effect.Effect.Context<Req>>
  /**
   * The most pages to fetch.
   * @default 100 — enough for a real listing, a stop for a server that links a page to itself.
   */
  readonly maxPages?: number | undefined
}

/**
 * The pages of a listing as a stream of responses: `first`, then whatever
 * `next` asks for, until it asks for nothing or `maxPages` is reached. Each
 * page is an ordinary request, so sessions, retries and timeouts apply.
 *
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { Http } from "effect-requests"
 *
 * const pages = Http.paginate(Http.get("https://api.github.com/repos/effect-ts/effect/issues"), {
 *   next: Http.linkHeader("next"),
 *   maxPages: 5
 * }).pipe(Stream.mapEffect((res) => res.json), Stream.runCollect)
 * ```
 *
 * @since 0.1.0
 * @category streaming
 */
export const paginate = <Req extends Effect.Effect<Response, any, any>>(
  first: Req,
  options: PaginateOptions<Req>
): Stream.Stream<Response, Effect.Effect.Error<Req>, Effect.Effect.Context<Req>> =>
  streaming.paginate(first, options.next, options.maxPages ?? 100)

/**
 * A `next` for `Http.paginate` that follows the `Link` header entry with
 * relation `rel` (`"next"` for GitHub-style APIs), with `Http.get` or the
 * verb given (a session's, say).
 *
 * @example
 * ```ts
 * import { Http } from "effect-requests"
 *
 * const api = Http.make({ allowAbsoluteUrls: true, headers: { accept: "application/json" } })
 * const next = Http.linkHeader("next", (url) => api.get(url))
 * ```
 *
 * @since 0.1.0
 * @category streaming
 */
export const linkHeader = (
  rel: string,
  verb: (url: string) => Request = get
) =>
(response: Response): Effect.Effect<Option.Option<Request>> =>
  Effect.succeed(Option.map(streaming.link(response, rel), verb))

/**
 * A Server-Sent Event.
 *
 * @example
 * ```ts
 * import { Http } from "effect-requests"
 *
 * const describe = (e: Http.SseEvent) => `${e.event} #${e.id}: ${e.data}`
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface SseEvent {
  /** The last event id the stream has set, as the spec defines it. */
  readonly id: string | undefined
  /** `"message"` unless the server named it. */
  readonly event: string
  /** The data lines, joined with "\n". */
  readonly data: string
  /** The server's reconnection delay in milliseconds, if it sent one. */
  readonly retry: number | undefined
}

/**
 * Options of `Http.sse`: a request's options, plus how to resume.
 *
 * @example
 * ```ts
 * import { Http, Retry } from "effect-requests"
 *
 * const options: Http.SseOptions = { lastEventId: "41", maxReconnects: 10, backoff: Retry.policy({ base: "1 second" }) }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface SseOptions extends Options {
  /**
   * Resume after this event id (sent as `Last-Event-ID`).
   * @default none
   */
  readonly lastEventId?: string | undefined
  /**
   * Reconnections in a row without an event in between before giving up
   * (the last error is the stream's error).
   * @default Infinity — an event stream is meant to outlive outages
   */
  readonly maxReconnects?: number | undefined
  /**
   * The backoff between reconnections when the server sent no `retry:`.
   * @default Retry.policy()
   */
  readonly backoff?: Retry.Policy | undefined
}

/**
 * Server-Sent Events as a stream. After a dropped connection (or the
 * server closing it) it reconnects with `Last-Event-ID`, after the server's
 * `retry:` delay or the backoff; a 204 from the server ends it. The
 * server's `retry:` is held between 250 ms and 5 minutes (a `retry: 0`
 * would reconnect hundreds of times a second, and a delay past a timer's
 * range would never end). An `id:` that cannot be sent back as a header
 * (a control character, or one above U+00FF) is ignored, as one with NUL
 * is by the standard.
 *
 * @example
 * ```ts
 * import { Effect, Schema, Stream } from "effect"
 * import { Http } from "effect-requests"
 *
 * const Tick = Schema.Struct({ n: Schema.Number })
 * const ticks = Http.sse("http://127.0.0.1:8080/sse?count=3").pipe(
 *   Stream.mapEffect(Http.decodeEvent(Tick)),
 *   Stream.runCollect
 * )
 * ```
 *
 * @since 0.1.0
 * @category streaming
 */
export const sse = (
  url: string | URL,
  options: SseOptions = {}
): Stream.Stream<SseEvent, HttpError.HttpError, HttpClient.HttpClient> =>
  Sse.events(
    (headers) => request("GET", url, { ...options, headers: { ...headers, ...options.headers } }),
    options
  )

/**
 * Decodes an event's `data` as JSON with a schema, for `Stream.mapEffect`.
 *
 * @example
 * ```ts
 * import { Schema, Stream } from "effect"
 * import { Http } from "effect-requests"
 *
 * const prices = Http.sse("http://127.0.0.1:8080/sse").pipe(
 *   Stream.mapEffect(Http.decodeEvent(Schema.Struct({ n: Schema.Number })))
 * )
 * ```
 *
 * @since 0.1.0
 * @category streaming
 */
export const decodeEvent: <A, I, R>(
  schema: Schema.Schema<A, I, R>
) => (event: SseEvent) => Effect.Effect<A, HttpError.DecodeError, R> = Sse.decodeData

/**
 * Downloads a URL to a file, streaming (the body is never held in memory),
 * through @effect/platform's `FileSystem`; `onProgress` reports as it goes.
 *
 * @example
 * ```ts
 * import { Console, Effect } from "effect"
 * import { Http } from "effect-requests"
 *
 * const program = Http.download("http://127.0.0.1:8080/bytes/65536", "/tmp/blob.bin", {
 *   onProgress: (p) => Console.log(`${p.percent?.toFixed(0)}%`)
 * })
 * ```
 *
 * @since 0.1.0
 * @category streaming
 */
export const download = (
  url: string | URL,
  path: string,
  options: Options = {}
): Effect.Effect<{ readonly path: string; readonly bytes: number; readonly response: Response }, HttpError.HttpError | PlatformError.PlatformError, HttpClient.HttpClient | FileSystem.FileSystem> =>
  Effect.flatMap(FileSystem.FileSystem, (fs) =>
    Effect.flatMap(get(url, options), (response) => {
      let bytes = 0
      // The platform's file sink refuses an empty write, which a transport may emit.
      const counted = response.stream.pipe(
        Stream.filter((chunk) => chunk.length > 0),
        Stream.tap((chunk) =>
          Effect.sync(() => {
            bytes += chunk.length
          })
        )
      )
      return Effect.map(Stream.run(counted, fs.sink(path)), () => ({ path, bytes, response }))
    }))
