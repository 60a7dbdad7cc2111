/**
 * A request body as it goes on the wire: the one place that switches on
 * the platform's body kinds, for every transport, MockHttp, Cassette and
 * the metrics. The library's own bodies are bytes, a Blob (multipart with
 * files) or a stream; a platform request built by hand may also carry a
 * FormData or another raw value.
 *
 * @internal
 */
import type * as HttpBody from "@effect/platform/HttpBody"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { concat } from "./readBody.js"

/** What a runtime sends: bytes, a Blob (read as it is sent), a web stream, or nothing. @internal */
export interface Wire {
  readonly body: Uint8Array | Blob | ReadableStream<Uint8Array> | undefined
  /** The type the encoding decided (a FormData's boundary), for a request that names none. */
  readonly contentType: string | undefined
  /** The length when known before sending. */
  readonly length: number | undefined
}

const none: Wire = { body: undefined, contentType: undefined, length: 0 }
const encoder = new TextEncoder()

const bytes = (body: Uint8Array): Wire => ({ body, contentType: undefined, length: body.byteLength })

const raw = (value: unknown, contentLength: number | undefined): Wire => {
  if (value instanceof Uint8Array) return bytes(value)
  if (typeof value === "string") return bytes(encoder.encode(value))
  if (value instanceof Blob) return { body: value, contentType: undefined, length: value.size }
  if (value instanceof ArrayBuffer) return bytes(new Uint8Array(value))
  if (value instanceof ReadableStream) return { body: value as ReadableStream<Uint8Array>, contentType: undefined, length: contentLength }
  return bytes(encoder.encode(String(value)))
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
      return Effect.succeed(bytes(body.body))
    case "Raw":
      return Effect.succeed(raw(body.body, body.contentLength))
    case "FormData":
      return Effect.promise(async () => {
        const encoded = new Response(body.formData)
        const blob = await encoded.blob()
        return { body: blob, contentType: encoded.headers.get("content-type") ?? undefined, length: blob.size }
      })
    case "Stream":
      return Effect.map(Stream.toReadableStreamEffect(body.stream), (stream) => ({
        body: stream,
        contentType: undefined,
        length: body.contentLength
      }))
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
    const sent = wire.body
    if (sent === undefined) return Effect.succeed(new Uint8Array(0))
    if (sent instanceof Uint8Array) return Effect.succeed(sent)
    if (sent instanceof Blob) return Effect.promise(async () => new Uint8Array(await sent.arrayBuffer()))
    return Effect.map(
      Stream.runCollect(Stream.fromReadableStream(() => sent, (cause) => cause)),
      (chunks) => concat(Chunk.toReadonlyArray(chunks))
    ).pipe(Effect.orDie)
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
  if (body._tag === "Raw" && (typeof body.body === "string" || body.body instanceof Uint8Array)) return raw(body.body, undefined).body as Uint8Array
  return body._tag === "Empty" ? new Uint8Array(0) : undefined
}
