/**
 * A request body as it goes on the wire: the one place that switches on
 * the platform's body kinds, for every transport, MockHttp, Cassette and
 * the metrics. The library's own bodies are bytes, a Blob (multipart with
 * files) or a stream; a platform request built by hand may also carry a
 * FormData or another raw value.
 *
 * @internal
 */
import * as Streams from "#line/stream"
import type * as HttpBody from "#line/http/HttpBody"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { concat } from "./readBody.js"

/** What a runtime sends: bytes, a Blob (read as it is sent), a web stream, or nothing. @internal */
export interface Wire {
  readonly body: Uint8Array | Blob | ReadableStream<Uint8Array> | undefined
  /** The type the encoding decided (a FormData's boundary), for a request that names none. */
  readonly contentType: string | undefined
}

const none: Wire = { body: undefined, contentType: undefined }
const encoder = new TextEncoder()

const sent = (body: Wire["body"]): Wire => ({ body, contentType: undefined })

const raw = (value: unknown): Wire["body"] => {
  if (value instanceof Uint8Array || value instanceof Blob) return value
  if (typeof value === "string") return encoder.encode(value)
  if (value instanceof ArrayBuffer) return new Uint8Array(value)
  if (value instanceof ReadableStream) return value as ReadableStream<Uint8Array>
  return encoder.encode(String(value))
}

/**
 * The body to send. Only a FormData (encoded by the runtime, boundary and
 * all) or a stream takes an Effect step; the rest is there already.
 *
 * @internal
 */
export const encode = (body: HttpBody.HttpBody): Effect.Effect<Wire> => {
  switch (body._tag) {
    case "Empty":
      return Effect.succeed(none)
    case "Uint8Array":
      return Effect.succeed(sent(body.body))
    case "Raw":
      return Effect.succeed(sent(raw(body.body)))
    case "FormData":
      return Effect.promise(async () => {
        const encoded = new Response(body.formData)
        return { body: await encoded.blob(), contentType: encoded.headers.get("content-type") ?? undefined }
      })
    case "Stream":
      return Effect.map(Stream.toReadableStreamEffect(body.stream), sent)
  }
}

/**
 * The length of a body when it is known before sending, without encoding
 * it (a FormData's is not).
 *
 * @internal
 */
export const knownLength = (body: HttpBody.HttpBody): number | undefined => {
  switch (body._tag) {
    case "Empty":
      return 0
    case "FormData":
      return undefined
    default:
      return body.contentLength
  }
}

/**
 * The whole body, read: what a mock server receives. A stream is consumed.
 *
 * @internal
 */
export const readAll = (body: HttpBody.HttpBody): Effect.Effect<Uint8Array> =>
  Effect.flatMap(encode(body), (wire) => {
    const whole = wire.body
    if (whole === undefined) return Effect.succeed(new Uint8Array(0))
    if (whole instanceof Uint8Array) return Effect.succeed(whole)
    if (whole instanceof Blob) return Effect.promise(async () => new Uint8Array(await whole.arrayBuffer()))
    return Effect.map(Streams.runArray(Streams.fromReadableStream(() => whole, (cause) => cause)), concat).pipe(Effect.orDie)
  })

/**
 * The body's bytes when it is held whole, without reading anything (a
 * stream, a Blob or a FormData gives undefined): what a recording can keep
 * of a request whose body the transport still has to send.
 *
 * @internal
 */
export const heldBytes = (body: HttpBody.HttpBody): Uint8Array | undefined => {
  if (body._tag === "Uint8Array") return body.body
  if (body._tag === "Raw" && typeof body.body === "string") return encoder.encode(body.body)
  if (body._tag === "Raw" && body.body instanceof Uint8Array) return body.body
  return body._tag === "Empty" ? new Uint8Array(0) : undefined
}
