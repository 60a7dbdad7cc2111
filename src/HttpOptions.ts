/**
 * The options of `Http`'s requests and sessions. Part of the `Http`
 * namespace: `import { Http } from "effect-requests"` gives every type here.
 *
 * @since 0.1.0
 */
import type * as Types from "./internal/types/options.js"

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
export interface MultipartFile extends Types.MultipartFile {}

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
export type MultipartValue = Types.MultipartValue

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
export interface CommonOptions extends Types.CommonOptions {}

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
export interface Options extends Types.Options {}

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
export interface Progress extends Types.Progress {}

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
export interface SessionConfig extends Types.SessionConfig {}

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
export interface ProxyOptions extends Types.ProxyOptions {}

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
export interface RateLimitOptions extends Types.RateLimitOptions {}

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
export interface CircuitBreakerOptions extends Types.CircuitBreakerOptions {}

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
export interface CacheOptions extends Types.CacheOptions {}

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
export type Method = Types.Method
