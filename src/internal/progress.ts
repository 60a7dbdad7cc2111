/**
 * Progress of a body as it moves: a tap on the stream that reports bytes
 * so far, and the total and percentage when the size is known.
 *
 * @internal
 */
import * as Streams from "#line/stream"
import * as HttpBody from "#line/http/HttpBody"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type * as Http from "./types.js"
import { heldBytes } from "./wireBody.js"

/** What reports a body's progress. @internal */
export type Report = (progress: Http.Progress) => Effect.Effect<void>

const progressOf = (transferred: number, total: number | undefined): Http.Progress =>
  total === undefined || total === 0
    ? { transferred }
    : { transferred, total, percent: Math.min(100, (transferred / total) * 100) }

/** @internal */
export const track = <E, R>(
  body: Stream.Stream<Uint8Array, E, R>,
  total: number | undefined,
  report: Report
): Stream.Stream<Uint8Array, E, R> =>
  Stream.suspend(() => {
    let transferred = 0
    return Stream.tap(body, (chunk) =>
      Effect.suspend(() => {
        transferred += chunk.length
        return report(progressOf(transferred, total))
      }))
  })

// Small enough that a slow link reports often, large enough that a fast
// one takes few steps (undici writes a slice, then waits for the socket).
const SLICE = 64 * 1024

const slices = (bytes: Uint8Array): Array<Uint8Array> => {
  const out: Array<Uint8Array> = []
  for (let at = 0; at < bytes.byteLength; at += SLICE) out.push(bytes.subarray(at, at + SLICE))
  return out
}

/**
 * A body held whole (bytes, text, a Blob) as a stream that reports each
 * slice as the transport takes it: a transport that writes as it reads
 * (Node's, MockHttp) tells how far an upload is. Its length stays declared,
 * so the request keeps its Content-Length, and a retry builds it afresh.
 * Any other body (a stream, already tracked; a FormData) is left as it is.
 *
 * @internal
 */
export const upload = (body: HttpBody.HttpBody, report: Report): HttpBody.HttpBody => {
  if (body._tag === "Empty" || body._tag === "Stream" || body._tag === "FormData") return body
  const held = heldBytes(body)
  if (held !== undefined) {
    return held.byteLength === 0
      ? body
      : HttpBody.stream(track(Stream.fromIterable(slices(held)), held.byteLength, report), body.contentType, held.byteLength)
  }
  if (body._tag !== "Raw" || !(body.body instanceof Blob)) return body
  const blob = body.body
  // A Blob in memory gives its parts whole: sliced as the bytes are.
  const read = Streams.flatMapIterable(Streams.fromReadableStream(() => blob.stream() as ReadableStream<Uint8Array>, (cause) => cause), (chunk) => Effect.succeed(slices(chunk)))
  return HttpBody.stream(track(read, blob.size, report), body.contentType, blob.size)
}

/**
 * Upload progress over a transport that cannot observe its writes (fetch
 * exposes none, and the adapter's client is unknown): 0 when the send
 * starts and the whole when its response arrives, the two points known.
 *
 * @internal
 */
export const aroundSend = <A, E, R>(send: Effect.Effect<A, E, R>, total: number, report: Report): Effect.Effect<A, E, R> =>
  Effect.andThen(
    report(progressOf(0, total)),
    Effect.tap(send, () => report(progressOf(total, total)))
  )
