/**
 * The Node transport: the transport seam directly on undici's dispatch
 * API. No AbortController, no tracing span and no extra fiber per request;
 * the handler's controller aborts on interruption, and pauses the socket
 * while the body stream is full (backpressure).
 *
 * @internal
 */
import * as Client from "#line/client"
import type * as HttpClientRequest from "#line/http/HttpClientRequest"
import * as HttpClientResponse from "#line/http/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type { Dispatcher } from "undici"
import * as Deadline from "../deadline.js"
import * as Interruption from "../interruption.js"
import * as Proxy from "../../core/proxy.js"
import * as Progress from "../progress.js"
import * as Transport from "../transport.js"
import * as WireBody from "../wireBody.js"
import { declaredLength, isHeldWhole } from "../readBody.js"
import { hasNullBody } from "../../core/status.js"
import * as Decompress from "./decompress.js"
import { NodeResponse, type Source } from "./response.js"

type Body = Exclude<Dispatcher.DispatchOptions["body"], undefined>

/**
 * What undici's dispatch takes of a wire body: bytes or a web stream, and a
 * Blob as its stream with its length declared.
 */
const dispatchBody = (wire: WireBody.Wire, headers: Record<string, string>): Body => {
  const body = wire.body
  if (wire.contentType !== undefined && headers["content-type"] === undefined) headers["content-type"] = wire.contentType
  if (body === undefined) return null
  if (body instanceof Blob) {
    headers["content-length"] = String(body.size)
    return body.stream() as unknown as Body
  }
  return body as unknown as Body
}

/** A response the server ends by closing the connection, as far as its headers tell. */

const toBytes = (chunk: Buffer) => new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)

/**
 * One request in flight: undici's handler, the body's source for the
 * response, and the target of the attempt's one timer, all in one object
 * (a closure per callback cost more than the rest of a request's work).
 */
class Exchange implements Dispatcher.DispatchHandler, Source, Deadline.Expirable {
  controller: Dispatcher.DispatchController | undefined = undefined
  expired: Deadline.DeadlineExceeded | undefined = undefined
  response: NodeResponse | undefined = undefined
  /** How to decode the body, until its first byte arrives. */
  decoding: (() => Decompress.Chain) | undefined = undefined
  decoder: Decompress.Chain | undefined = undefined
  /** A small body's response, handed over when the body has ended or the socket read that brought it was parsed. */
  held: NodeResponse | undefined = undefined
  timer: ReturnType<typeof setTimeout> | undefined
  constructor(
    readonly request: HttpClientRequest.HttpClientRequest,
    /** The waiting fiber's callback: called once, with the response or the failure. */
    readonly deliver: (outcome: Exit.Exit<HttpClientResponse.HttpClientResponse, Client.ClientError>) => void,
    deadline: Deadline.Deadline | undefined
  ) {
    // One timer keeps the whole attempt's deadline, headers and body alike,
    // and is cleared the moment the body ends.
    this.timer = Deadline.startTimer(deadline, this)
  }

  get phase(): "headers" | "body" {
    return this.response !== undefined ? "body" : "headers"
  }

  expire(reason: Deadline.DeadlineExceeded): void {
    this.expired = reason
    this.controller?.abort(reason)
  }

  fail(cause: unknown): void {
    this.deliver(Exit.fail(Client.transportError(this.request, cause)))
  }

  private release(): void {
    const held = this.held
    if (held === undefined) return
    this.held = undefined
    this.deliver(Exit.succeed(held))
  }

  // Source: what the response may ask of the body's origin.

  pause(): void {
    if (this.decoder !== undefined) this.decoder.last.pause()
    else this.controller?.pause()
  }

  resume(): void {
    if (this.decoder !== undefined) this.decoder.last.resume()
    else this.controller?.resume()
  }

  abort(reason: Error): void {
    this.settle()
    this.decoder?.first.destroy()
    this.controller?.abort(reason)
  }

  settle(): void {
    clearTimeout(this.timer)
  }

  aborted(): unknown {
    return this.expired
  }

  // undici's handler.

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller
    if (this.expired !== undefined) controller.abort(this.expired)
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    status: number,
    headers: Record<string, string | Array<string> | undefined>,
    reason: string
  ): void {
    if (status < 200) return // 1xx informational: the real answer follows
    const method = this.request.method
    const empty = hasNullBody(status, method)
    const decoding = empty ? undefined : Decompress.forEncoding(headers["content-encoding"])
    if (decoding?._tag === "Refused") {
      controller.abort(new Error(decoding.reason))
      return this.fail(new Error(`response refused: ${decoding.reason}`))
    }
    let shown = headers
    if (decoding?._tag === "Decode") {
      this.decoding = decoding.start
      const { "content-encoding": _encoding, "content-length": _length, ...rest } = headers
      shown = rest
    }
    // undici hands an HTTP/1 response's raw headers over as a list, an HTTP/2 one's as an object.
    const version = Array.isArray((controller as { rawHeaders?: unknown }).rawHeaders) ? "1.1" : "2"
    const response = new NodeResponse(this.request, status, shown, this, empty, version)
    response.sentReason = reason
    this.response = response
    // A decoded body's size is unknown: handed over at once.
    if (this.decoding === undefined && !empty && isHeldWhole(declaredLength(headers))) {
      // A small body usually arrives in the same socket read as its headers,
      // and undici parses that read in one go: held until the read has been
      // parsed, the response comes with its body whole. One that has not
      // arrived by then is handed over as it is, to be read as it comes.
      this.held = response
      queueMicrotask(() => this.release())
      return
    }
    this.deliver(Exit.succeed(response))
  }

  private startDecoder(controller: Dispatcher.DispatchController, start: () => Decompress.Chain): Decompress.Chain {
    const decoder = start()
    const response = this.response!
    this.decoding = undefined
    this.decoder = decoder
    decoder.last.on("data", (chunk: Buffer) => response.push(toBytes(chunk)))
    decoder.last.on("end", () => response.end())
    decoder.last.on("error", (error) => {
      controller.abort(error)
      response.fail(error)
    })
    decoder.first.on("drain", () => controller.resume())
    return decoder
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    const decoder = this.decoder ?? (this.decoding === undefined ? undefined : this.startDecoder(controller, this.decoding))
    if (decoder !== undefined) {
      if (!decoder.first.write(chunk)) controller.pause()
    } else {
      this.response?.push(toBytes(chunk))
    }
  }

  onResponseEnd(): void {
    this.settle()
    if (this.decoder !== undefined) this.decoder.first.end()
    else this.response?.end()
    this.release()
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.settle()
    const response = this.response
    if (response === undefined) return this.fail(this.expired ?? error)
    this.decoder?.first.destroy()
    response.fail(error)
    this.release()
  }

  /** The fiber was interrupted: stop the request. */
  interrupt(): void {
    this.settle()
    this.controller?.abort(new Error("request interrupted"))
  }
}

const send = (
  dispatcher: Dispatcher,
  request: HttpClientRequest.HttpClientRequest,
  url: URL,
  wire: WireBody.Wire | undefined,
  deadline: Deadline.Deadline | undefined,
  fiber: Interruption.Waiter | undefined
): Effect.Effect<HttpClientResponse.HttpClientResponse, Client.ClientError> =>
  Interruption.awaitOutcome(fiber, (settle) => {
    const exchange = new Exchange(request, settle, deadline)
    // Like fetch and requests, ask for compression unless told otherwise.
    const headers: Record<string, string> = { "accept-encoding": Decompress.acceptEncoding, ...request.headers }
    const body = wire === undefined ? null : dispatchBody(wire, headers)
    try {
      dispatcher.dispatch(
        { origin: url.origin, path: url.pathname + url.search, method: request.method as Dispatcher.HttpMethod, headers, body },
        exchange
      )
    } catch (cause) {
      exchange.settle()
      exchange.fail(cause)
    }
    return () => exchange.interrupt()
  })

/**
 * The client over `direct`; a request of a session with a proxy goes through
 * `viaProxy(route)` unless its host is in the route's bypass list.
 *
 * @internal
 */
export const make = (direct: Dispatcher, viaProxy: (route: Proxy.Route) => Dispatcher): Transport.Transport =>
  Transport.make((request, url, deadline, fiber) => {
    const route = deadline?.proxy === undefined ? undefined : Proxy.routeFor(deadline.proxy, url)
    const dispatcher = route === undefined ? direct : viaProxy(route)
    // Most requests have no body: no step to compute one.
    if (request.body._tag === "Empty") return send(dispatcher, request, url, undefined, deadline, fiber)
    // Sent as reported slices, each taken when undici has written the last.
    const body = deadline?.upload === undefined ? request.body : Progress.upload(request.body, deadline.upload)
    return Effect.flatMap(WireBody.encode(body), (wire) => send(dispatcher, request, url, wire, deadline, fiber))
  }, { routesProxies: true, reportsUpload: true, sendsHost: true, clock: "runtime" })
