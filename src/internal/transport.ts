/**
 * The transport seam: what sends one hop of a prepared request. The fetch
 * transport, the Node transport and MockHttp each implement `Transport`;
 * any other `HttpClient` is sent through an adapter.
 *
 * How a request finds its transport, the one rule: the `Transport` in the
 * request's context is used when the `HttpClient` in that context is the
 * transport's own client (`Http.layer`, `NodeHttp.layer` and
 * `MockHttp.layer` provide both). When the HttpClient is another one (a
 * client the user wrapped with `HttpClient.mapRequest`, a platform layer,
 * a Cassette), that client is sent through the adapter: it keeps working,
 * with the generic Clock-driven timeout and no proxy routing.
 *
 * @internal
 */
import * as Fibers from "#line/fiber"
import * as Services from "#line/service"
import * as Effects from "#line/effect"
import * as HttpClient from "#line/http/HttpClient"
import * as Client from "#line/client"
import type * as HttpClientRequest from "#line/http/HttpClientRequest"
import type * as HttpClientResponse from "#line/http/HttpClientResponse"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import type * as Deadline from "./deadline.js"
import type * as Interruption from "./interruption.js"

/**
 * Sends one hop: the request, its parsed URL, the attempt's deadline (and
 * proxy route) and the fiber that waits, when the caller knows it (see
 * interruption.ts). A transport that keeps deadlines fails a late hop with
 * a `DeadlineExceeded` cause, and its response is a `TransportResponse`
 * whose `timedStream` stays under the same deadline.
 *
 * @internal
 */
export type Send = (
  request: HttpClientRequest.HttpClientRequest,
  url: URL,
  deadline: Deadline.Deadline | undefined,
  fiber: Interruption.Waiter | undefined
) => Effect.Effect<HttpClientResponse.HttpClientResponse, Client.ClientError>

/** @internal */
export interface Transport {
  readonly send: Send
  /** False only for the adapter: the caller then races each phase against the Clock. */
  readonly keepsDeadline: boolean
  /** Whether `deadline.proxy` routes the hop (a session with a proxy is refused otherwise). */
  readonly routesProxies: boolean
  /** Whether it reports `deadline.upload` as it writes (otherwise the caller reports the start and the end). */
  readonly reportsUpload: boolean
  /** Whether a Host header of the caller's reaches the server (the runtime's fetch drops it). */
  readonly sendsHost: boolean
  /** What its time is: the runtime's (real sockets and timers) or Effect's Clock (TestClock governs it). */
  readonly clock: "runtime" | "effect"
  /** The platform client this transport is provided as, for code that uses `HttpClient` itself. */
  readonly client: HttpClient.HttpClient
}

/** The transport a layer provides beside its client. @internal */
export const Transport = Services.key<Transport>("effect-requests/Transport")

/**
 * A platform client whose every request is sent by `execute`, with no
 * preprocessing of its own (the transports' clients, a session's).
 *
 * @internal
 */
export const clientOver = <E, R>(
  execute: (request: HttpClientRequest.HttpClientRequest) => Effect.Effect<HttpClientResponse.HttpClientResponse, E, R>
): HttpClient.HttpClient.With<E, R> =>
  HttpClient.makeWith<never, never, E, R>(
    (effect) => Effect.flatMap(effect, execute),
    Effect.succeed as HttpClient.HttpClient.Preprocess<never, never>
  )

/**
 * A transport over `send`, and the platform client made from it (whose
 * `execute` has no deadline: the platform does not pass one).
 *
 * @internal
 */
export const make = (
  send: Send,
  options: {
    readonly routesProxies: boolean
    readonly reportsUpload: boolean
    readonly sendsHost: boolean
    readonly clock: "runtime" | "effect"
  }
): Transport => ({
  send,
  keepsDeadline: true,
  routesProxies: options.routesProxies,
  reportsUpload: options.reportsUpload,
  sendsHost: options.sendsHost,
  clock: options.clock,
  client: clientOver((request) => {
    const url = Client.requestUrl(request)
    if (url instanceof Error) return Effect.fail(Client.invalidUrlError(request, url))
    return send(request, url, undefined, undefined)
  })
})

const adapters = new WeakMap<HttpClient.HttpClient, Transport>()

/**
 * Any platform client as a transport: it does not keep deadlines or route
 * proxies. One adapter per client, so the hot path allocates none.
 *
 * @internal
 */
export const adapter = (client: HttpClient.HttpClient): Transport => {
  let transport = adapters.get(client)
  if (transport === undefined) {
    // Its timeouts run on the Clock; what is under the client is unknown
    // (its Host header is let through: the client may well send it).
    transport = { send: (request) => client.execute(request), keepsDeadline: false, routesProxies: false, reportsUpload: false, sendsHost: true, clock: "effect", client }
    adapters.set(client, transport)
  }
  return transport
}

/**
 * The transport for a request run with `context` (the rule above).
 *
 * @internal
 */
export const resolve = (context: Context.Context<HttpClient.HttpClient>): Transport => {
  const client = Context.get(context, HttpClient.HttpClient)
  // Read from the map itself: getOption would allocate an Option per request.
  const provided = Fibers.findService(context, Transport)
  return provided !== undefined && provided.client === client ? provided : adapter(client)
}

/**
 * The services a transport is provided as: itself and its client.
 *
 * @internal
 */
export const context = (transport: Transport): Context.Context<HttpClient.HttpClient | Transport> =>
  Context.make(Transport, transport).pipe(Context.add(HttpClient.HttpClient, transport.client))

/**
 * What a request needs of `context` to find the same transport later,
 * anywhere: its HttpClient, and the Transport it resolves to when that is
 * one of ours.
 *
 * @internal
 */
export const captured = (from: Context.Context<HttpClient.HttpClient>): Context.Context<HttpClient.HttpClient> => {
  const transport = resolve(from)
  // The adapter is found again from the client alone; a transport of ours travels with it.
  return transport.keepsDeadline ? context(transport) : Context.make(HttpClient.HttpClient, transport.client)
}

/**
 * A layer that provides a transport and its client. Its type names the
 * client only: the transport is how the library finds its way past the
 * platform's `execute`, not a service users provide or read.
 *
 * @internal
 */
export const layer = <E, R>(
  make: Effect.Effect<Transport, E, R>
): Layer.Layer<HttpClient.HttpClient, E, Exclude<R, Scope.Scope>> =>
  // A layer that provides more than its type says is still that layer.
  Effects.layerContext(Effect.map(make, context))
