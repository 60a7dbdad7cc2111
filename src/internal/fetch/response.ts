/**
 * The fetch transport's platform `HttpClientResponse` around the runtime's
 * `Response`: a buffered read calls its `arrayBuffer` directly (or takes
 * the body read ahead) and clears the attempt's timer when it is done,
 * instead of piping every body through a TransformStream to notice its end.
 *
 * @internal
 */
import * as Streams from "#line/stream"
import * as Fibers from "#line/fiber"
import * as Cookies from "#line/http/Cookies"
import type * as Headers from "#line/http/Headers"
import * as Client from "#line/client"
import type * as HttpClientRequest from "#line/http/HttpClientRequest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Stream from "effect/Stream"
import * as Interruption from "../interruption.js"
import { TransportResponse } from "../transportResponse.js"
import { ReadAhead } from "./readAhead.js"


/** @internal */
export class FetchResponse extends TransportResponse {
  private cachedCookies: Cookies.Cookies | undefined = undefined
  /** The body read ahead of its reader, when the transport started that. */
  private ahead: ReadAhead | undefined = undefined

  constructor(
    request: HttpClientRequest.HttpClientRequest,
    private readonly source: Response,
    /** The body as the transport passes it on, when not the source's own. */
    private readonly piped: ReadableStream<Uint8Array> | undefined,
    headers: Headers.Headers,
    /** Aborts the fetch: the reader went away or was interrupted. */
    private readonly abort: () => void,
    /** The attempt's deadline no longer applies. */
    private readonly settle: () => void,
    aborted: () => unknown
  ) {
    super(request, source.status, headers, { aborted })
  }

  override get reason(): string {
    return this.source.statusText
  }

  override get redirectedTo(): string | undefined {
    return this.source.redirected ? this.source.url : undefined
  }

  /** A read of the whole body that clears the deadline when it ends, and aborts if interrupted. */
  private read<A>(promise: () => Promise<A>): Effect.Effect<A, Client.ResponseError> {
    return Fibers.withFiber((fiber) =>
      Interruption.awaitOutcome<A, Client.ResponseError>(fiber, (resume) => {
        promise().then(
          (value) => {
            this.settle()
            resume(Exit.succeed(value))
          },
          (cause) => {
            this.settle()
            resume(Exit.fail(this.error(cause)))
          }
        )
        return this.abort
      }))
  }

  /**
   * Starts reading the body now, chunk by chunk; the reads that follow
   * take what has come. The promise settles (never rejects) when the body
   * has arrived or failed; its end clears the deadline.
   *
   * @internal
   */
  readAhead(): Promise<void> {
    const body = this.piped ?? this.source.body
    if (body === null) return Promise.resolve()
    const ahead = new ReadAhead(body, this.settle)
    this.ahead = ahead
    return ahead.ending()
  }

  override bufferedBody(): Uint8Array | undefined {
    return this.ahead?.arrived()
  }

  get arrayBuffer(): Effect.Effect<ArrayBuffer, Client.ResponseError> {
    const ahead = this.ahead
    if (ahead === undefined) return this.read(() => this.whole().arrayBuffer())
    return this.read(() =>
      ahead.read().then((bytes) =>
        bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
          ? bytes.buffer as ArrayBuffer
          : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
      )
    )
  }

  get formData(): Effect.Effect<FormData, Client.ResponseError> {
    const ahead = this.ahead
    if (ahead === undefined) return this.read(() => this.whole().formData())
    return this.read(() => ahead.read().then((bytes) => new Response(bytes as unknown as BodyInit, { headers: this.source.headers }).formData()))
  }

  /**
   * Something to read the whole body from: the source, or a plain Response
   * over the piped body (status left at its default, so that any status the
   * network gave is allowed; the headers say how to parse a form).
   */
  private whole(): Response {
    return this.piped === undefined ? this.source : new Response(this.piped, { headers: this.source.headers })
  }

  private body(): Stream.Stream<Uint8Array, Client.ResponseError> {
    const ahead = this.ahead
    // A reader that gives up early aborts the fetch, which would otherwise
    // hold its socket for a body that never ends.
    if (ahead !== undefined) {
      return Stream.ensuring(ahead.stream((cause) => this.error(cause)), Effect.sync(() => {
        if (!ahead.ended) this.abort()
      }))
    }
    const body = this.piped ?? this.source.body
    if (body === null) return Stream.empty
    // An interrupted reader cancels the body, which aborts the fetch.
    return Streams.fromReadableStream(() => body, (cause) => this.error(cause))
  }

  /** The body at its reader's pace: the attempt's deadline stops applying. */
  get stream(): Stream.Stream<Uint8Array, Client.ResponseError> {
    return Stream.suspend(() => {
      this.settle()
      return this.body()
    })
  }

  /** The body as a stream still under the attempt's deadline: for bounded reads. */
  get timedStream(): Stream.Stream<Uint8Array, Client.ResponseError> {
    return Stream.ensuring(Stream.suspend(() => this.body()), Effect.sync(this.settle))
  }

  get cookies(): Cookies.Cookies {
    if (this.cachedCookies !== undefined) return this.cachedCookies
    return this.cachedCookies = Cookies.fromSetCookie(this.source.headers.getSetCookie())
  }
}
