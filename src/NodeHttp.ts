/**
 * The Node transport (`effect-requests/node`): a platform `HttpClient`
 * built directly on undici's dispatch API, with keep-alive connection
 * pools, gzip/deflate/br/zstd decompression, backpressure, and interruption that
 * aborts the request. Provide it instead of `Http.layer` on Node.
 *
 * A small body (a declared length up to 64 KiB, not compressed) that came
 * in the same socket read as its headers, as it usually does, is handed
 * over with its response: one wait instead of two. One still on its way is
 * read as it comes, like any other. When the library sends the request, an
 * interrupted fiber aborts it as the fiber ends (after any finalizers
 * waiting above the request), which costs far less than a canceller.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "#line/http/HttpClient"
import * as Duration from "effect/Duration"
import * as Durations from "#line/duration"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import { Agent, type Dispatcher, ProxyAgent } from "undici"
import * as Connector from "./internal/node/connector.js"
import * as NodeTransport from "./internal/node/transport.js"
import { FinalCause } from "./internal/platformError.js"
import * as Transport from "./internal/transport.js"

/**
 * Options of `NodeHttp.layerWith`.
 *
 * @example
 * ```ts
 * import { NodeHttp } from "effect-requests/node"
 *
 * const options: NodeHttp.Options = { connections: 32, keepAliveTimeout: "10 seconds" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /**
   * Most sockets per origin.
   * @default no limit (undici's default)
   */
  readonly connections?: number | undefined
  /**
   * Requests pipelined on one socket (HTTP/1.1).
   * @default 1 — pipelining stalls every request behind a slow one.
   */
  readonly pipelining?: number | undefined
  /**
   * Negotiate HTTP/2 over TLS when the server offers it.
   * @default false
   */
  readonly allowH2?: boolean | undefined
  /**
   * How long connecting (TCP and TLS) may take.
   * @default "10 seconds"
   */
  readonly connectTimeout?: Durations.Input | undefined
  /**
   * How long an idle socket is kept for reuse.
   * @default "4 seconds" — below the 5 s of Node's servers, so a socket is
   * never reused just as the server closes it.
   */
  readonly keepAliveTimeout?: Durations.Input | undefined
  /**
   * TLS options (`ca`, `cert`, `key`, `rejectUnauthorized`, `servername`, ...).
   * @default Node's defaults: certificates verified against its CA store
   */
  readonly tls?: Readonly<Record<string, unknown>> | undefined
  /**
   * Your own undici `Dispatcher` for the requests that go direct: an
   * `Agent` over a unix socket (`connect: { socketPath }`), one composed
   * with interceptors (`agent.compose(interceptors.dns())`), a `Pool`, a
   * SOCKS dispatcher. The library's deadlines, redirects, cookies, proxy
   * routing (a session's `proxy` still goes through the library's own
   * proxy pool) and errors hold over it. The layer does not close it: you
   * made it, you close it. The pool options above then apply to proxies
   * only. It must be a dispatcher of undici 8 (this package's `undici`).
   * @default the library's own `Agent`
   */
  readonly dispatcher?: Dispatcher | undefined
}

const millis = (input: Durations.Input | undefined, fallback: number): number =>
  input === undefined ? fallback : Duration.toMillis(Durations.decode(input))

/**
 * The Node transport with options; its connection pool closes (and every
 * request in flight is aborted) when the layer's scope closes, so read a
 * body inside the same `Effect.provide`: a body still arriving when the
 * layer closes fails with a `ConnectionError` that says so.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 * import { NodeHttp } from "effect-requests/node"
 *
 * const program = Http.get("http://127.0.0.1:8080/get").pipe(
 *   Effect.provide(NodeHttp.layerWith({ connections: 16 }))
 * )
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerWith = (options: Options = {}): Layer.Layer<HttpClient.HttpClient> =>
  Transport.layer(
    Effect.map(
      Effect.acquireRelease(
        Effect.sync(() => {
          const settings = {
            ...(options.connections === undefined ? {} : { connections: options.connections }),
            pipelining: options.pipelining ?? 1,
            allowH2: options.allowH2 ?? false,
            connectTimeout: millis(options.connectTimeout, 10_000),
            keepAliveTimeout: millis(options.keepAliveTimeout, 4_000)
          }
          return {
            direct: options.dispatcher ?? new Agent({
              ...settings,
              connect: Connector.make({ ...options.tls, allowH2: settings.allowH2, timeout: settings.connectTimeout })
            }),
            // One pool per proxy, made on first use, closed with the layer.
            proxies: new Map<string, ProxyAgent>(),
            settings
          }
        }),
        ({ direct, proxies }) => {
          // What a body still being read fails with: undici's own "The client is destroyed" does not say what to do.
          const closed = new FinalCause(
            "the NodeHttp layer was closed before this response's body was read: keep Effect.provide(NodeHttp.layer) around the read of the body too"
          )
          // A dispatcher the caller gave stays theirs to close.
          const own = options.dispatcher === undefined ? [direct.destroy(closed)] : []
          return Effect.promise(() => Promise.all([...own, ...[...proxies.values()].map((agent) => agent.destroy(closed))]))
        }
      ),
      ({ direct, proxies, settings }) =>
        NodeTransport.make(direct, (route) => {
          const uri = route.url.href
          const key = `${route.tunnel} ${uri}`
          let agent = proxies.get(key)
          if (agent === undefined) {
            agent = new ProxyAgent({
              ...settings,
              uri,
              proxyTunnel: route.tunnel === "always",
              // allowH2 (in settings) also applies to the origin's TLS inside a tunnel.
              ...(options.tls === undefined ? {} : { requestTls: options.tls, proxyTls: options.tls })
            })
            proxies.set(key, agent)
          }
          return agent
        })
    )
  )

/**
 * The Node transport with its defaults.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 * import { NodeHttp } from "effect-requests/node"
 *
 * Http.get("http://127.0.0.1:8080/get").pipe(Effect.provide(NodeHttp.layer), Effect.runPromise)
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<HttpClient.HttpClient> = layerWith()
