/**
 * The options of requests and sessions, every field with its default and
 * why. Public through `Http` (HttpOptions.ts), so nothing here is marked
 * internal; internal modules take these types from here.
 */
import type * as UrlParams from "#line/http/UrlParams"
import type * as Durations from "#line/duration"
import type * as Effect from "effect/Effect"
import type * as Schemas from "#line/schema"
import type * as Stream from "effect/Stream"
import type * as Auth from "../../Auth.js"
import type * as Middleware from "../../Middleware.js"
import type * as Retry from "../../Retry.js"

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

export type MultipartValue = string | number | boolean | MultipartFile

export interface CommonOptions {
  /**
   * Query parameters appended to the URL. An array repeats the key;
   * `undefined` or `null` drops it (in an array too), as in requests.
   * @default none
   */
  readonly params?: UrlParams.Input | undefined
  /**
   * Header names are case-insensitive; `undefined` removes a header the
   * session would send (even the default `User-Agent`; over fetch the
   * runtime then sends its own). `"Accept-Encoding": undefined` asks for no
   * compression: it is sent as `identity` on every transport, since fetch
   * adds its own otherwise and an absent one means "any coding". A `Host`
   * header is sent by `NodeHttp` and refused over fetch, which drops it.
   * Values with CR, LF or NUL are refused with `InvalidRequest`.
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
  readonly timeout?: Durations.Input | undefined
  /**
   * One bound for the whole call: every attempt, the waits between them,
   * redirects and the body read by `text`/`json`/`bytes`/`decode`. Past
   * it, a `TimeoutError` with phase `"deadline"`; a retry whose wait would
   * end past it is not started (the last error is the answer). `timeout`
   * still bounds each attempt.
   * @default none — each attempt has its `timeout`, the retries theirs
   */
  readonly deadline?: Durations.Input | undefined
  /**
   * For a body read as it arrives (`stream`, `lines`, NDJSON, SSE, a
   * download): the longest wait for the next bytes. Past it, a
   * `TimeoutError` with phase `"idle"`; an event stream reconnects, under
   * its backoff. A stream that goes quiet is otherwise bounded by nothing
   * (the transport's own idle limit on Node, none in a browser).
   * @default none
   */
  readonly idleTimeout?: Durations.Input | undefined
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
  /**
   * Send an `Idempotency-Key` header: a random key (a UUID from the
   * runtime's CSPRNG) made once per request and kept by all its retries, so
   * the server can tell a retry from a new request. It makes a POST or PATCH
   * retryable under the default policy, as a key of your own does; a key you
   * set in `headers` wins.
   * @default false — only the caller knows whether the server honours it
   */
  readonly idempotencyKey?: boolean | undefined
}

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
   * Called as bytes move. For the request body: a `Stream` as it is sent
   * (the total from a `content-length` header you set); any other body
   * (bytes, text, `json`, `form`, `multipart`) in 64 KiB slices as
   * `NodeHttp` writes them or `MockHttp` reads them, but over fetch, which
   * exposes no upload progress, only at 0 and at the whole once the
   * response arrives. Each send reports from 0 (a retry sends the body
   * again). For the response body: when it is consumed as `stream`/`lines`
   * or by `Http.download` (the total from its Content-Length, when not
   * compressed).
   * @default none
   */
  readonly onProgress?: ((progress: Progress) => Effect.Effect<void>) | undefined
}

export interface Progress {
  readonly transferred: number
  readonly total?: number | undefined
  readonly percent?: number | undefined
}

export interface SessionConfig extends CommonOptions {
  /**
   * The largest Server-Sent Event `session.sse` assembles, in characters
   * of its `data`; a larger one fails the stream with a `DecodeError`
   * (`maxLineLength` bounds one line, this an event of many lines).
   * @default 1048576 (1 Mi characters)
   */
  readonly maxEventSize?: number | undefined
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
   * go to the proxy alone and never to the destination; `tunnel:
   * "https-only"` sends http:// requests in forward mode instead, which
   * proxies that allow CONNECT to port 443 only need. Hosts in `noProxy`
   * go direct. A proxy that refuses (407, 403, ...) fails the request at
   * once with a `ConnectionError` naming its status: retrying cannot help.
   * `"env"` reads `http_proxy`/`HTTP_PROXY`, `https_proxy`/`HTTPS_PROXY`
   * and `no_proxy`/`NO_PROXY` when the session is made (lower case first,
   * as curl; `HTTP_PROXY` not under CGI, where a client can set it), each
   * scheme through its own proxy, http:// in forward mode, NO_PROXY
   * matched by the library's rules; without them, everything goes direct.
   * Environment variables are read only with `"env"`.
   * @default none
   */
  readonly proxy?: string | URL | ProxyOptions | "env" | undefined
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
   * An HTTP cache (RFC 9111) for the session's GET requests, private in
   * memory or shared through a Persistence store: freshness from
   * Cache-Control/Expires/Age (heuristic 10% of the time since
   * Last-Modified when nothing is explicit), `Vary`, revalidation with
   * If-None-Match/If-Modified-Since, `stale-while-revalidate` and
   * `stale-if-error`; POST/PUT/PATCH/DELETE invalidate the URL. Decisions
   * are made on the request as sent (the jar's cookies and auth included),
   * and a stored response answers only requests with the same credentials
   * (every header on the secret list). A request with Authorization is
   * stored only when the response says it may be shared. A response
   * reaches its reader as it arrives; it is stored once read to its end
   * (whole, or as a stream that ran out) within `maxEntryBytes`, and a
   * redirected one never. `response.cache` says what happened.
   * @default false
   */
  readonly cache?: boolean | CacheOptions | undefined
  /**
   * The schema of the API's error body: every `StatusError` of this session
   * (its requests, pages, streams and downloads) carries the body decoded
   * as `data` (undefined when it does not match), and the session's type
   * says so. `attempts` and `retryAfter` are kept.
   * @default none — `data` stays undefined
   */
  readonly errorBody?: Schemas.Codec<any, any, never> | undefined
  /**
   * Your own code around every send: each attempt and each redirect hop
   * (see `Middleware`). The first is the outermost; `extend` adds its own
   * inside these. Their errors and requirements are in the session's type.
   * @default none
   */
  readonly middleware?: ReadonlyArray<Middleware.Any> | undefined
}

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
  /**
   * `"always"`: every request goes through a CONNECT tunnel, so the proxy
   * sees its `Proxy-Authorization` on the CONNECT alone. `"https-only"`:
   * http:// requests are sent to the proxy in forward mode (the absolute
   * URL on the request line, `Proxy-Authorization` on each request, which
   * the proxy consumes), as curl and browsers do; stock tinyproxy and squid
   * allow CONNECT to port 443 only, so they need this for http:// origins.
   * https:// requests are tunnelled either way. In forward mode the proxy's
   * own answers are ordinary responses: a 407 is still a `ConnectionError`,
   * but a proxy that says 401 (tinyproxy does) gives a `StatusError` 401.
   * @default "always"
   */
  readonly tunnel?: "always" | "https-only" | undefined
}

export interface RateLimitOptions {
  readonly limit: number
  readonly interval: Durations.Input
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

export interface CircuitBreakerOptions {
  readonly failureThreshold: number
  readonly resetAfter: Durations.Input
}

export interface CacheOptions {
  /**
   * `"memory"`: this session's own store. `"persistence"`: the
   * @effect/experimental `Persistence.BackingPersistence` in the context —
   * `Persistence.layerMemory`, `layerKeyValueStore` (files) or
   * `Persistence/Redis.layer` (shared by every process using that Redis).
   * Such a store is a shared cache: it never keeps `private` responses nor
   * ones that set a cookie, reads `s-maxage` and `proxy-revalidate`, and
   * holds a SHA-256 digest of a request's credentials, never the
   * credentials. A failing store is a miss; a missing layer fails the
   * request with `InvalidRequest`.
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
   * A larger response reaches its reader all the same and is not stored.
   * @default 5242880 (5 MiB)
   */
  readonly maxEntryBytes?: number | undefined
}

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS" | (string & {})
