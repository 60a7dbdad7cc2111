/**
 * What MockHttp answers with, as the transport seam's response: the same
 * `TransportResponse` the real transports give, with its body under the
 * attempt's deadline like theirs, except that the deadline is kept on
 * Effect's Clock (so TestClock governs it) and the body is an Effect
 * Stream run on the reader's fiber.
 *
 * @internal
 */
import * as Effects from "#line/effect"
import * as Streams from "#line/stream"
import * as Cookies from "#line/http/Cookies"
import type * as Headers from "#line/http/Headers"
import type * as Client from "#line/client"
import type * as HttpClientRequest from "#line/http/HttpClientRequest"
import * as Effect from "effect/Effect"
import * as Deferred from "effect/Deferred"
import * as Exit from "effect/Exit"
import * as Stream from "effect/Stream"
import type * as Deadline from "../../deadline.js"
import { concat } from "../../readBody.js"
import { TransportResponse } from "../../transportResponse.js"

/** One mock attempt's deadline: which phase it is in, and whether it has expired. @internal */
export class MockAttempt implements Deadline.Expirable {
  phase: "headers" | "body" = "headers"
  reason: Deadline.DeadlineExceeded | undefined = undefined
  readonly expired = Effects.makeDeferred<never, Deadline.DeadlineExceeded>()
  /** Clears the attempt's timer: its body has arrived, or its reader paces it. */
  settle: () => void = () => {}

  expire(reason: Deadline.DeadlineExceeded): void {
    this.reason = reason
    Effects.completeDeferred(this.expired, Exit.fail(reason))
  }
}

/** A body that is there whole (or absent) or arrives as a stream. @internal */
export type MockBody = Uint8Array | Stream.Stream<Uint8Array, unknown> | undefined

/** @internal */
export class MockResponse extends TransportResponse {
  private cachedCookies: Cookies.Cookies | undefined = undefined

  constructor(
    request: HttpClientRequest.HttpClientRequest,
    status: number,
    headers: Headers.Headers,
    private readonly setCookies: ReadonlyArray<string>,
    private readonly body: MockBody,
    private readonly attempt: MockAttempt
  ) {
    super(request, status, headers, { aborted: () => attempt.reason })
  }

  override bufferedBody(): Uint8Array | undefined {
    return this.body instanceof Uint8Array ? this.body : undefined
  }

  private source(): Stream.Stream<Uint8Array, Client.ResponseError> {
    const body = this.body
    if (body === undefined) return Stream.empty
    if (body instanceof Uint8Array) return Stream.succeed(body)
    return Stream.mapError(body, (cause) => this.error(cause))
  }

  get timedStream(): Stream.Stream<Uint8Array, Client.ResponseError> {
    return Stream.interruptWhen(this.source(), Effect.mapError(Deferred.await(this.attempt.expired), (reason) => this.error(reason))).pipe(
      Stream.ensuring(Effect.sync(this.attempt.settle))
    )
  }

  get stream(): Stream.Stream<Uint8Array, Client.ResponseError> {
    return Stream.suspend(() => {
      this.attempt.settle()
      return this.source()
    })
  }

  get arrayBuffer(): Effect.Effect<ArrayBuffer, Client.ResponseError> {
    return Effect.map(Streams.runArray(this.timedStream), (chunks) => {
      const whole = concat(chunks)
      return whole.buffer.slice(whole.byteOffset, whole.byteOffset + whole.byteLength) as ArrayBuffer
    })
  }

  get formData(): Effect.Effect<FormData, Client.ResponseError> {
    return Effect.flatMap(this.arrayBuffer, (buffer) =>
      Effect.tryPromise({
        try: () => new Response(buffer, { headers: { "content-type": this.headers["content-type"] ?? "" } }).formData(),
        catch: (cause) => this.error(cause)
      }))
  }

  get cookies(): Cookies.Cookies {
    if (this.cachedCookies !== undefined) return this.cachedCookies
    return this.cachedCookies = Cookies.fromSetCookie(this.setCookies)
  }
}
