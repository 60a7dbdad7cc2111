/**
 * What our two transports' platform responses share: everything but how
 * the body arrives. A subclass gives `arrayBuffer` (and the streams); text,
 * JSON and form bodies, inspection and errors are built here once.
 *
 * @internal
 */
import type * as Cookies from "#line/http/Cookies"
import * as Client from "#line/client"
import * as Headers from "#line/http/Headers"
import type * as HttpClientRequest from "#line/http/HttpClientRequest"
import type * as HttpClientResponse from "#line/http/HttpClientResponse"
import * as UrlParams from "#line/http/UrlParams"
import * as Effect from "effect/Effect"
import { NodeInspectSymbol } from "effect/Inspectable"
import * as Option from "effect/Option"
import type * as Stream from "effect/Stream"
import { parseJsonText } from "./decode.js"

const utf8 = new TextDecoder()

/** @internal */
export abstract class TransportResponse extends Client.ResponseBase implements HttpClientResponse.HttpClientResponse {
  constructor(
    readonly request: HttpClientRequest.HttpClientRequest,
    readonly status: number,
    readonly headers: Headers.Headers,
    /** Says why the transport aborted the body, if it did (a DeadlineExceeded). */
    private readonly transport: { aborted(): unknown }
  ) {
    super()
  }

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

  /** The reason phrase as the server sent it, when the transport has it (HTTP/2 has none: ""). */
  get reason(): string | undefined {
    return undefined
  }

  /** The HTTP version, when the transport knows it. */
  get httpVersion(): "1.1" | "2" | undefined {
    return undefined
  }

  abstract get arrayBuffer(): Effect.Effect<ArrayBuffer, Client.ResponseError>
  abstract get formData(): Effect.Effect<FormData, Client.ResponseError>
  abstract get cookies(): Cookies.Cookies
  /** The body at its reader's pace: the attempt's deadline stops applying. */
  abstract get stream(): Stream.Stream<Uint8Array, Client.ResponseError>
  /** The body as a stream still under the attempt's deadline: for bounded reads. */
  abstract get timedStream(): Stream.Stream<Uint8Array, Client.ResponseError>

  /** A body failure; one the transport caused by its own abort says why. */
  protected error(cause: unknown): Client.ResponseError {
    return Client.bodyError(this.request, this, this.transport.aborted() ?? cause)
  }

  // A body that has already arrived whole is read in the step that asks
  // for it: code on the platform interface (a session's httpClient, a
  // generated client) pays no more than the library's own reads.
  get text(): Effect.Effect<string, Client.ResponseError> {
    const held = this.bufferedBody()
    return held === undefined ? Effect.map(this.arrayBuffer, (buffer) => utf8.decode(buffer)) : Effect.succeed(utf8.decode(held))
  }

  get json(): Effect.Effect<Client.Json, Client.ResponseError> {
    const held = this.bufferedBody()
    const parse = (text: string) =>
      Effect.try({ try: () => (text === "" ? null : parseJsonText(text)) as Client.Json, catch: (cause) => this.error(cause) })
    return held === undefined ? Effect.flatMap(this.text, parse) : parse(utf8.decode(held))
  }

  get urlParamsBody(): Effect.Effect<UrlParams.UrlParams, Client.ResponseError> {
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

  override toString(): string {
    return JSON.stringify(this.toJSON())
  }

  [NodeInspectSymbol](): unknown {
    return this.toJSON()
  }
}
