/**
 * The Node transport's platform `HttpClientResponse`, built straight from
 * undici's callbacks. Until someone asks for the body it is buffered (up to
 * a limit, then the socket is paused); a buffered read (`arrayBuffer`,
 * `text`, `json`) takes the chunks as they are, and only a `stream` reader
 * gets a web `ReadableStream`, made then. A web `Response` and stream per
 * request cost more than the rest of the transport together.
 *
 * @internal
 */
import * as Cookies from "@effect/platform/Cookies"
import * as Headers from "@effect/platform/Headers"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Stream from "effect/Stream"
import * as Interruption from "../interruption.js"
import { TimedStream } from "../timedStream.js"
import { TransportResponse } from "../transportResponse.js"

/** What the body's source can be asked to do. */
export interface Source {
  pause(): void
  resume(): void
  /** Aborts the request: the reader went away or was interrupted. */
  abort(reason: Error): void
  /** The attempt's deadline stops applying (a stream read at its reader's pace). */
  settle(): void
  /** Why the transport aborted the body, if it did (a DeadlineExceeded). */
  aborted(): unknown
}

// Read nobody has asked for yet is held up to this much, then the socket waits.
const IDLE_BUFFER = 1024 * 1024
const STREAM_BUFFER = 16 * 1024

const flatten = (headers: Record<string, string | Array<string> | undefined>): Headers.Headers => {
  const out: Record<string, string> = {}
  for (const name in headers) {
    const value = headers[name]
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value
  }
  return Headers.unsafeFromRecord(out)
}

/** @internal */
export class NodeResponse extends TransportResponse {
  private chunks: Array<Uint8Array> = []
  private buffered = 0
  private done: boolean
  private failure: unknown = undefined
  private mode: "idle" | "buffer" | "stream" = "idle"
  private waiter: (() => void) | undefined = undefined
  private sink: ReadableStreamDefaultController<Uint8Array> | undefined = undefined
  private cachedCookies: Cookies.Cookies | undefined = undefined
  private taken: Uint8Array | undefined = undefined

  constructor(
    request: HttpClientRequest.HttpClientRequest,
    status: number,
    private readonly rawHeaders: Record<string, string | Array<string> | undefined>,
    private readonly source: Source,
    empty: boolean
  ) {
    super(request, status, flatten(rawHeaders), source)
    this.done = empty
  }

  // The transport's side.

  /** @internal */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return
    if (this.sink !== undefined) {
      try {
        this.sink.enqueue(chunk)
      } catch {
        return // the reader cancelled
      }
      if ((this.sink.desiredSize ?? 1) <= 0) this.source.pause()
      return
    }
    this.chunks.push(chunk)
    this.buffered += chunk.length
    if (this.mode === "idle" && this.buffered >= IDLE_BUFFER) this.source.pause()
  }

  /** @internal */
  end(): void {
    this.done = true
    try {
      this.sink?.close()
    } catch {
      // cancelled already
    }
    this.wake()
  }

  /** @internal */
  fail(error: unknown): void {
    if (this.done) return
    this.done = true
    this.failure = error
    try {
      this.sink?.error(this.failure)
    } catch {
      // the reader is gone already
    }
    this.wake()
  }

  private wake() {
    const waiter = this.waiter
    this.waiter = undefined
    waiter?.()
  }

  // The reader's side.

  /** The buffered body in one piece; every buffered read gets the same bytes. */
  private take(): Uint8Array {
    if (this.taken !== undefined) return this.taken
    const chunks = this.chunks
    this.chunks = []
    if (chunks.length === 1) return this.taken = chunks[0]!
    const out = new Uint8Array(this.buffered)
    let offset = 0
    for (const chunk of chunks) {
      out.set(chunk, offset)
      offset += chunk.length
    }
    return this.taken = out
  }

  override bufferedBody(): Uint8Array | undefined {
    if (!this.done || this.failure !== undefined || this.mode === "stream") return undefined
    this.mode = "buffer"
    return this.take()
  }

  private get whole(): Effect.Effect<Uint8Array, HttpClientError.ResponseError> {
    return Effect.withFiberRuntime((fiber) =>
      Interruption.awaitOutcome<Uint8Array, HttpClientError.ResponseError>(fiber, (resume) => {
        const settle = () => {
          if (this.failure !== undefined) resume(Exit.fail(this.error(this.failure)))
          else resume(Exit.succeed(this.take()))
        }
        const abort = () => {
          this.waiter = undefined
          this.source.abort(new Error("body read interrupted"))
        }
        if (this.done) {
          settle()
          return abort
        }
        if (this.mode === "stream") {
          resume(Exit.fail(this.error(new Error("the body is being streamed"))))
          return abort
        }
        this.mode = "buffer"
        this.waiter = settle
        this.source.resume()
        return abort
      }))
  }

  get arrayBuffer(): Effect.Effect<ArrayBuffer, HttpClientError.ResponseError> {
    return Effect.map(this.whole, (bytes) =>
      bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
        ? bytes.buffer as ArrayBuffer
        : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)
  }

  get formData(): Effect.Effect<FormData, HttpClientError.ResponseError> {
    return Effect.flatMap(this.whole, (bytes) =>
      Effect.tryPromise({
        try: () => new Response(bytes as unknown as BodyInit, { headers: this.headers as Record<string, string> }).formData(),
        catch: (cause) => this.error(cause)
      }))
  }

  private webStream(): ReadableStream<Uint8Array> {
    this.mode = "stream"
    const pending = this.chunks
    this.chunks = []
    return new ReadableStream<Uint8Array>({
      start: (controller) => {
        for (const chunk of pending) controller.enqueue(chunk)
        if (this.failure !== undefined) controller.error(this.failure)
        else if (this.done) controller.close()
        else this.sink = controller
        this.source.resume()
      },
      pull: () => this.source.resume(),
      cancel: () => {
        if (!this.done) this.source.abort(new Error("response body cancelled"))
      }
    }, { highWaterMark: STREAM_BUFFER, size: (chunk) => chunk.byteLength })
  }

  private bodyStream(settle: boolean): Stream.Stream<Uint8Array, HttpClientError.ResponseError> {
    return Stream.suspend(() => {
      if (settle) this.source.settle()
      if (this.mode !== "idle") return Stream.fail(this.error(new Error("the body was read already")))
      return Stream.fromReadableStream(() => this.webStream(), (cause) => this.error(cause))
    })
  }

  /** The body at its reader's pace: the attempt's deadline stops applying. */
  get stream(): Stream.Stream<Uint8Array, HttpClientError.ResponseError> {
    return this.bodyStream(true)
  }

  /** The body as a stream still under the attempt's deadline: for bounded reads. */
  get [TimedStream](): Stream.Stream<Uint8Array, HttpClientError.ResponseError> {
    return this.bodyStream(false)
  }

  get cookies(): Cookies.Cookies {
    if (this.cachedCookies !== undefined) return this.cachedCookies
    const setCookie = this.rawHeaders["set-cookie"]
    return this.cachedCookies = Cookies.fromSetCookie(setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie])
  }
}
