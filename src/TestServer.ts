/**
 * A real HTTP server on 127.0.0.1 with httpbin's endpoints, for tests and
 * demos that must not touch the network: `/get`, `/post`, `/put`, `/patch`,
 * `/delete`, `/anything`, `/status/:code`, `/delay/:s`, `/redirect/:n`,
 * `/relative-redirect/:n`, `/absolute-redirect/:n`, `/redirect-to?url=`,
 * `/headers`, `/ip`, `/user-agent`, `/uuid`, `/json`, `/html`, `/cookies`,
 * `/cookies/set`, `/cookies/delete`, `/basic-auth/:user/:pass`, `/bearer`,
 * `/bytes/:n`, `/stream/:n`, `/stream-bytes/:n` (up to 1 GiB, streamed),
 * `/gzip`, `/deflate`, `/response-headers`, `/drain` (counts an upload
 * without keeping it),
 * `/base64/:value` (the decoded value as the body), `/pages?total=&per_page=&page=|cursor=[&require_bearer=T]` (a listing paged by Link headers
 * or a cursor), `/digest-auth/:qop/:user/:passwd[/:algorithm]` (Digest authentication, MD5 or SHA-256, qop `auth` or `none`), `/sse?count=&drop_after=&stall_after=&retry=` (Server-Sent Events that resume after
 * `Last-Event-ID` and can drop the connection), and, for failures,
 * `/problem/:code` (an RFC 9457 JSON error body, `?retry_after=` adds the
 * header) and `/gzip-bomb/:mib`.
 *
 * @since 0.1.0
 */
import * as Services from "#line/service"
import * as Effects from "#line/effect"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as Server from "./internal/testing/server/server.js"

/**
 * A request as the server received it.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { TestServer } from "effect-requests/testing"
 *
 * const lastPath = Effect.map(TestServer.received, (all: ReadonlyArray<TestServer.Received>) => all.at(-1)?.path)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Received {
  readonly method: string
  /** Path and query, as sent. */
  readonly path: string
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/**
 * A running server.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { TestServer } from "effect-requests/testing"
 *
 * const port = Effect.map(TestServer.TestServer, (server: TestServer.Service) => server.port)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** The base URL, like `http://127.0.0.1:39127`, without a trailing slash. */
  readonly url: string
  readonly port: number
  /** Every request received so far (since the last `clear`), in order. */
  readonly received: Effect.Effect<ReadonlyArray<Received>>
  /** Forgets the requests received so far. */
  readonly clear: Effect.Effect<void>
}

/**
 * The service tag of the server `TestServer.layer` provides.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { TestServer } from "effect-requests/testing"
 *
 * const base = Effect.map(TestServer.TestServer, (server) => server.url)
 * ```
 *
 * @since 0.1.0
 * @category tags
 */
export class TestServer extends Services.Service<TestServer, Service>()("effect-requests/TestServer") {}

/**
 * Options of `TestServer.make`.
 *
 * @example
 * ```ts
 * import { TestServer } from "effect-requests/testing"
 *
 * // key and cert: PEM text, e.g. a self-signed pair made at test time
 * const options = (key: string, cert: string): TestServer.MakeOptions => ({ host: "127.0.0.1", tls: { key, cert } })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface MakeOptions {
  /**
   * @default "127.0.0.1"
   */
  readonly host?: "127.0.0.1" | "::1" | undefined
  /**
   * Serve https with this key and certificate (PEM); the URL is then `https://`.
   * @default plain http
   */
  readonly tls?: { readonly key: string; readonly cert: string } | undefined
  /**
   * Answer CORS, so a page on another origin (a browser test) can call it:
   * the request's Origin allowed with credentials, preflights answered
   * (and not recorded), ETag, Location, Link, Retry-After and the like
   * readable by the page.
   * @default false
   */
  readonly cors?: boolean | undefined
}

/**
 * Starts a server for the scope; it stops, with every connection and
 * pending `/delay`, when the scope closes. Use it directly for a second
 * server (a redirect to another origin).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { TestServer } from "effect-requests/testing"
 *
 * const program = Effect.scoped(Effect.gen(function* () {
 *   const other = yield* TestServer.make()
 *   return other.url
 * }))
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: MakeOptions = {}): Effect.Effect<Service, never, Scope.Scope> =>
  Effect.map(
    Effect.acquireRelease(
      Effect.promise(() => Server.start(options.host, options.tls, options.cors)),
      (running) => Effect.promise(() => running.close())
    ),
    (running) => ({
      url: running.url,
      port: running.port,
      received: Effect.sync(() => running.received.slice()),
      clear: Effect.sync(() => {
        running.received.length = 0
      })
    })
  )

/**
 * A server on 127.0.0.1 at a random port for as long as the layer lives.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 * import { TestServer } from "effect-requests/testing"
 *
 * const program = Effect.gen(function* () {
 *   const base = yield* TestServer.url
 *   return (yield* Http.get(`${base}/get`)).status
 * }).pipe(Effect.provide([TestServer.layer, Http.layer]))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<TestServer> = Effects.layerScoped(TestServer, make())

/**
 * The base URL of the server in context.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { TestServer } from "effect-requests/testing"
 *
 * const getUrl = Effect.map(TestServer.url, (base) => `${base}/get`)
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const url: Effect.Effect<string, never, TestServer> = Effect.map(Effects.service(TestServer), (server) => server.url)

/**
 * The requests the server in context has received.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { TestServer } from "effect-requests/testing"
 *
 * const hits = Effect.map(TestServer.received, (all) => all.length)
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const received: Effect.Effect<ReadonlyArray<Received>, never, TestServer> = Effect.flatMap(
  Effects.service(TestServer),
  (server) => server.received
)

/**
 * Forgets the requests the server in context has received, so that a
 * test sharing the layer (under `it.layer`) sees only its own in
 * `TestServer.received`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 * import { TestServer } from "effect-requests/testing"
 *
 * const onlyMine = Effect.gen(function* () {
 *   yield* TestServer.clear
 *   yield* Http.get(`${yield* TestServer.url}/get`)
 *   return (yield* TestServer.received).length // 1
 * })
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const clear: Effect.Effect<void, never, TestServer> = Effect.flatMap(Effects.service(TestServer), (server) => server.clear)
