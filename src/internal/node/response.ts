/**
 * The Node transport's platform `HttpClientResponse`, built straight from
 * undici's callbacks. Until someone asks for the body it is buffered (up to
 * a limit, then the socket is paused); a buffered read (`arrayBuffer`,
 * `text`, `json`) takes the chunks as they are, and a `stream` reader pulls
 * whatever has arrived, batched. A web `Response` and stream per request
 * cost more than the rest of the transport together.
 *
 * @internal
 */
import * as Streams from "#line/stream"
import * as Fibers from "#line/fiber"
import * as Effects from "#line/effect"
import * as Cookies from "#line/http/Cookies"
import * as Headers from "#line/http/Headers"
import * as Client from "#line/client"
import type * as HttpClientRequest from "#line/http/HttpClientRequest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Stream from "effect/Stream"
import * as Interruption from "../interruption.js"
import { concat } from "../readBody.js"
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
const STREAM_BUFFER = 1024 * 1024

const flatten = (headers: Record<string, string | Array<string> | undefined>): Headers.Headers => {
  const out = Client.headersRecord()
  for (const name in headers) {
    const value = headers[name]
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value
  }
  return Client.headersFromRecord(out)
}

/** @internal */
export class NodeResponse extends TransportResponse {
  private chunks: Array<Uint8Array> = []
  private buffered = 0
  private done: boolean
  private failure: unknown = undefined
  private mode: "idle" | "buffer" | "stream" = "idle"
  private waiter: (() => void) | undefined = undefined
  private paused = false
  private waking = false
  private cachedCookies: Cookies.Cookies | undefined = undefined
  private taken: Uint8Array | undefined = undefined

  constructor(
    request: HttpClientRequest.HttpClientRequest,
    status: number,
    private readonly rawHeaders: Record<string, string | Array<string> | undefined>,
    private readonly source: Source,
    empty: boolean,
    readonly version: "1.1" | "2"
  ) {
    super(request, status, flatten(rawHeaders), source)
    this.done = empty
  }

  /** Set by the transport from undici's status message. */
  sentReason: string | undefined = undefined

  override get reason(): string | undefined {
    return this.sentReason
  }

  override get httpVersion(): "1.1" | "2" {
    return this.version
  }

  // The transport's side.

  /** @internal */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return
    this.chunks.push(chunk)
    this.buffered += chunk.length
    if (this.mode === "stream") {
      if (this.buffered >= STREAM_BUFFER) this.pauseSource()
      this.wakeSoon()
    } else if (this.mode === "idle" && this.buffered >= IDLE_BUFFER) {
      this.pauseSource()
    }
  }

  /** @internal */
  end(): void {
    this.done = true
    this.wake()
  }

  /** @internal */
  fail(error: unknown): void {
    if (this.done) return
    this.done = true
    this.failure = error
    this.wake()
  }

  private pauseSource() {
    if (this.paused) return
    this.paused = true
    this.source.pause()
  }

  private resumeSource() {
    if (!this.paused) return
    this.paused = false
    this.source.resume()
  }

  /**
   * Wakes the reader once the socket reads of this turn of the event loop
   * are done, so that they reach it as one chunk: a fast download comes in
   * several 64 KiB reads a turn, and each pull through the Effect Stream
   * costs more than the bytes it carries.
   */
  private wakeSoon() {
    if (this.waking || this.waiter === undefined) return
    this.waking = true
    setImmediate(NodeResponse.wakeNow, this)
  }

  // Static, so that a response that is never streamed allocates no callback.
  private static wakeNow(response: NodeResponse) {
    response.waking = false
    response.wake()
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
    return this.taken = concat(chunks, this.buffered)
  }

  override bufferedBody(): Uint8Array | undefined {
    if (!this.done || this.failure !== undefined || this.mode === "stream") return undefined
    this.mode = "buffer"
    return this.take()
  }

  private get whole(): Effect.Effect<Uint8Array, Client.ResponseError> {
    return Fibers.withFiber((fiber) =>
      Interruption.awaitOutcome<Uint8Array, Client.ResponseError>(fiber, (resume) => {
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
        this.resumeSource()
        return abort
      }))
  }

  get arrayBuffer(): Effect.Effect<ArrayBuffer, Client.ResponseError> {
    return Effect.map(this.whole, (bytes) =>
      bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
        ? bytes.buffer as ArrayBuffer
        : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)
  }

  get formData(): Effect.Effect<FormData, Client.ResponseError> {
    return Effect.flatMap(this.whole, (bytes) =>
      Effect.tryPromise({
        try: () => new Response(bytes as unknown as BodyInit, { headers: this.headers as Record<string, string> }).formData(),
        catch: (cause) => this.error(cause)
      }))
  }

  /**
   * Everything that has arrived since the last pull, as one chunk, or the
   * wait for more. Batching is what lets a fast download through: a web
   * ReadableStream in between cost a promise and a pause of the socket per
   * 64 KiB, and ran at 0.5-0.7x raw undici.
   */
  private pull(): Streams.Pull<Uint8Array, Client.ResponseError> {
    return Effects.callback((resume) => {
      const deliver = () => {
        if (this.chunks.length > 0) {
          const chunks = this.chunks
          this.chunks = []
          this.buffered = 0
          this.resumeSource()
          resume(Streams.pulled(chunks))
        } else if (this.failure !== undefined) {
          resume(Streams.pullFailed(this.error(this.failure)))
        } else if (this.done) {
          resume(Streams.pullEnded)
        } else {
          this.waiter = deliver
          this.resumeSource()
        }
      }
      deliver()
    })
  }

  private bodyStream(settle: boolean): Stream.Stream<Uint8Array, Client.ResponseError> {
    return Stream.suspend(() => {
      if (settle) this.source.settle()
      if (this.mode !== "idle") return Stream.fail(this.error(new Error("the body was read already")))
      this.mode = "stream"
      // A reader that stops early or is interrupted abandons the body: abort it.
      return Stream.ensuring(
        Streams.fromPull(this.pull()),
        Effect.sync(() => {
          this.waiter = undefined
          if (!this.done) this.source.abort(new Error("response body cancelled"))
        })
      )
    })
  }

  /** The body at its reader's pace: the attempt's deadline stops applying. */
  get stream(): Stream.Stream<Uint8Array, Client.ResponseError> {
    return this.bodyStream(true)
  }

  /** The body as a stream still under the attempt's deadline: for bounded reads. */
  get timedStream(): Stream.Stream<Uint8Array, Client.ResponseError> {
    return this.bodyStream(false)
  }

  get cookies(): Cookies.Cookies {
    if (this.cachedCookies !== undefined) return this.cachedCookies
    const setCookie = this.rawHeaders["set-cookie"]
    return this.cachedCookies = Cookies.fromSetCookie(setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie])
  }
}
