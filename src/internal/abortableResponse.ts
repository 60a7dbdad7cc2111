/**
 * A response of our transports: the platform's web-response reader, with
 * every body read aborting the request when it is interrupted (so a timeout
 * or an interruption closes the socket instead of reading on), and telling
 * the transport when a read has ended (so it can clear its deadline timer).
 *
 * @internal
 */
import type * as Cookies from "@effect/platform/Cookies"
import type * as Headers from "@effect/platform/Headers"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as HttpIncomingMessage from "@effect/platform/HttpIncomingMessage"
import * as Effect from "effect/Effect"
import { NodeInspectSymbol } from "effect/Inspectable"
import type * as Option from "effect/Option"
import * as Stream from "effect/Stream"

/** The key of the deadline-bound body stream of our transports' responses. @internal */
export const TimedStream: unique symbol = Symbol.for("effect-requests/TimedStream")

/** @internal */
export class AbortableResponse implements HttpClientResponse.HttpClientResponse {
  readonly [HttpClientResponse.TypeId]: HttpClientResponse.TypeId = HttpClientResponse.TypeId
  readonly [HttpIncomingMessage.TypeId]: HttpIncomingMessage.TypeId = HttpIncomingMessage.TypeId

  constructor(
    private readonly inner: HttpClientResponse.HttpClientResponse,
    private readonly abort: () => void,
    private readonly settled: () => void = () => {},
    /** Why the transport aborted the body, if it did (a DeadlineExceeded). */
    private readonly aborted: () => unknown = () => undefined
  ) {}

  /** A body error caused by the transport's own abort says so, not "aborted". */
  private explain = (error: HttpClientError.ResponseError): HttpClientError.ResponseError => {
    const reason = this.aborted()
    return reason === undefined
      ? error
      : new HttpClientError.ResponseError({ request: error.request, response: error.response, reason: error.reason, cause: reason })
  }

  private guard<A>(effect: Effect.Effect<A, HttpClientError.ResponseError>) {
    return effect.pipe(
      Effect.mapError(this.explain),
      Effect.onInterrupt(() => Effect.sync(this.abort)),
      Effect.ensuring(Effect.sync(this.settled))
    )
  }

  get request(): HttpClientRequest.HttpClientRequest {
    return this.inner.request
  }
  get status(): number {
    return this.inner.status
  }
  get headers(): Headers.Headers {
    return this.inner.headers
  }
  get cookies(): Cookies.Cookies {
    return this.inner.cookies
  }
  get remoteAddress(): Option.Option<string> {
    return this.inner.remoteAddress
  }
  get json() {
    return this.guard(this.inner.json)
  }
  get text() {
    return this.guard(this.inner.text)
  }
  get urlParamsBody() {
    return this.guard(this.inner.urlParamsBody)
  }
  get formData() {
    return this.guard(this.inner.formData)
  }
  get arrayBuffer() {
    return this.guard(this.inner.arrayBuffer)
  }
  /**
   * The body as a stream for whoever consumes it at their own pace (a
   * download, an event stream): the attempt's deadline stops applying as
   * soon as it starts. An interrupted stream cancels its reader, and the
   * body stream's cancel aborts the request.
   */
  get stream(): Stream.Stream<Uint8Array, HttpClientError.ResponseError> {
    return Stream.suspend(() => {
      this.settled()
      return Stream.mapError(this.inner.stream, this.explain)
    })
  }

  /** The body as a stream still under the attempt's deadline: for bounded reads. */
  get [TimedStream](): Stream.Stream<Uint8Array, HttpClientError.ResponseError> {
    return this.inner.stream.pipe(Stream.mapError(this.explain), Stream.ensuring(Effect.sync(this.settled)))
  }
  toJSON(): unknown {
    return this.inner.toJSON()
  }
  toString(): string {
    return this.inner.toString()
  }
  [NodeInspectSymbol](): unknown {
    return this.inner.toJSON()
  }
}
