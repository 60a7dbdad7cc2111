/**
 * What our two transports' platform responses share: everything but how
 * the body arrives. A subclass gives `arrayBuffer` (and the streams); text,
 * JSON and form bodies, inspection and errors are built here once.
 *
 * @internal
 */
import type * as Cookies from "#line/http/Cookies"
import * as Headers from "#line/http/Headers"
import * as HttpClientError from "#line/http/HttpClientError"
import type * as HttpClientRequest from "#line/http/HttpClientRequest"
import * as HttpClientResponse from "#line/http/HttpClientResponse"
import * as HttpIncomingMessage from "#line/http/HttpIncomingMessage"
import * as UrlParams from "#line/http/UrlParams"
import * as Effect from "effect/Effect"
import { NodeInspectSymbol } from "effect/Inspectable"
import * as Option from "effect/Option"
import type * as Stream from "effect/Stream"
import { parseJsonText } from "./decode.js"

const utf8 = new TextDecoder()

/** @internal */
export abstract class TransportResponse implements HttpClientResponse.HttpClientResponse {
  readonly [HttpClientResponse.TypeId]: HttpClientResponse.TypeId = HttpClientResponse.TypeId
  readonly [HttpIncomingMessage.TypeId]: HttpIncomingMessage.TypeId = HttpIncomingMessage.TypeId

  constructor(
    readonly request: HttpClientRequest.HttpClientRequest,
    readonly status: number,
    readonly headers: Headers.Headers,
    /** Says why the transport aborted the body, if it did (a DeadlineExceeded). */
    private readonly transport: { aborted(): unknown }
  ) {}

  /**
   * The whole body, when it has already arrived and nothing has read it
   * yet: a read that needs no Effect step. Undefined otherwise (the body
   * is then read through `arrayBuffer` or a stream).
   */
  bufferedBody(): Uint8Array | undefined {
    return undefined
  }

  /** Where the runtime's own redirects led, when it followed any (a browser's fetch). */
  get redirectedTo(): string | undefined {
    return undefined
  }

  /** The HTTP version, when the transport knows it. */
  get httpVersion(): "1.1" | "2" | undefined {
    return undefined
  }

  abstract get arrayBuffer(): Effect.Effect<ArrayBuffer, HttpClientError.ResponseError>
  abstract get formData(): Effect.Effect<FormData, HttpClientError.ResponseError>
  abstract get cookies(): Cookies.Cookies
  /** The body at its reader's pace: the attempt's deadline stops applying. */
  abstract get stream(): Stream.Stream<Uint8Array, HttpClientError.ResponseError>
  /** The body as a stream still under the attempt's deadline: for bounded reads. */
  abstract get timedStream(): Stream.Stream<Uint8Array, HttpClientError.ResponseError>

  /** A body failure; one the transport caused by its own abort says why. */
  protected error(cause: unknown): HttpClientError.ResponseError {
    return new HttpClientError.ResponseError({ request: this.request, response: this, reason: "Decode", cause: this.transport.aborted() ?? cause })
  }

  get text(): Effect.Effect<string, HttpClientError.ResponseError> {
    return Effect.map(this.arrayBuffer, (buffer) => utf8.decode(buffer))
  }

  get json(): Effect.Effect<unknown, HttpClientError.ResponseError> {
    return Effect.flatMap(this.text, (text) =>
      Effect.try({ try: () => text === "" ? null : parseJsonText(text), catch: (cause) => this.error(cause) }))
  }

  get urlParamsBody(): Effect.Effect<UrlParams.UrlParams, HttpClientError.ResponseError> {
    return Effect.flatMap(this.text, (text) =>
      Effect.try({ try: () => UrlParams.fromInput(new URLSearchParams(text)), catch: (cause) => this.error(cause) }))
  }

  get remoteAddress(): Option.Option<string> {
    return Option.none()
  }

  toJSON(): unknown {
    return {
      _id: "@effect/platform/HttpClientResponse",
      request: this.request.toJSON(),
      status: this.status,
      headers: Headers.redact(this.headers, ["authorization", "cookie", "set-cookie"])
    }
  }

  toString(): string {
    return JSON.stringify(this.toJSON())
  }

  [NodeInspectSymbol](): unknown {
    return this.toJSON()
  }
}
