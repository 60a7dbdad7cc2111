/**
 * Reading a body into memory without ever holding more than a limit: the
 * stream is pulled chunk by chunk and abandoned (its reader cancelled, the
 * connection released) as soon as the limit is passed. This is what keeps a
 * compression bomb from being inflated.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"

/** @internal */
export interface Capped {
  readonly bytes: Uint8Array
  /** The body went on past the limit; `bytes` holds only the first `limit` bytes. */
  readonly truncated: boolean
}

/** @internal */
export const readCapped = <E, R>(stream: Stream.Stream<Uint8Array, E, R>, limit: number): Effect.Effect<Capped, E, R> =>
  Effect.suspend(() => {
    const chunks: Array<Uint8Array> = []
    let size = 0
    let truncated = false
    return Stream.runForEachWhile(stream, (chunk) =>
      Effect.sync(() => {
        if (size + chunk.length > limit) {
          chunks.push(chunk.subarray(0, limit - size))
          size = limit
          truncated = true
          return false
        }
        chunks.push(chunk)
        size += chunk.length
        return true
      })).pipe(Effect.map(() => ({ bytes: concat(chunks, size), truncated })))
  })

/** Chunks in one piece (the only chunk itself, uncopied). @internal */
export const concat = (
  chunks: ReadonlyArray<Uint8Array>,
  size: number = chunks.reduce((total, chunk) => total + chunk.length, 0)
): Uint8Array => {
  if (chunks.length === 1) return chunks[0]!
  const out = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.length
  }
  return out
}

/**
 * The size a body declares that is also the size we will count: its
 * Content-Length when it is not compressed (the transport decodes, so an
 * encoded length says nothing of the decoded bytes).
 *
 * @internal
 */
export const declaredLength = (
  headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>
): number | undefined => {
  const encoding = headers["content-encoding"]
  if (encoding !== undefined && encoding !== "identity") return undefined
  return contentLength(headers)
}

/** The Content-Length of the bytes on the wire, compressed or not, when it is one whole number. */
const contentLength = (
  headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>
): number | undefined => {
  // A repeated Content-Length (an array from undici) declares nothing we trust.
  const length = headers["content-length"]
  return typeof length === "string" && /^\d+$/.test(length) ? Number(length) : undefined
}

/**
 * Bodies of declared length up to this size are handed over with their
 * response once they have arrived (a small body usually comes with its
 * headers): one wait instead of two.
 *
 * @internal
 */
export const HOLD_LIMIT = 64 * 1024

/** Whether a body of this declared length is handed over with its response. @internal */
export const isHeldWhole = (length: number | undefined): boolean =>
  length !== undefined && length > 0 && length <= HOLD_LIMIT

const charsetOf = (contentType: string | undefined): string | undefined => {
  // Most types name no charset: no regex for those.
  if (contentType === undefined || !/charset/i.test(contentType)) return undefined
  const match = /;\s*charset="?([^";\s]+)/i.exec(contentType)
  return match === null ? undefined : match[1]!.toLowerCase()
}

const utf8 = new TextDecoder()
// A decoder without `stream` keeps no state between calls, so one per
// charset serves every response; unknown charsets fall back to UTF-8.
const decoders = new Map<string, TextDecoder>([["utf-8", utf8], ["utf8", utf8]])

const decoderFor = (charset: string | undefined): TextDecoder => {
  if (charset === undefined) return utf8
  let decoder = decoders.get(charset)
  if (decoder === undefined) {
    try {
      decoder = new TextDecoder(charset)
    } catch {
      decoder = utf8
    }
    // Labels are few; a hostile stream of them is bounded here.
    if (decoders.size < 100) decoders.set(charset, decoder)
  }
  return decoder
}

/**
 * Text in the charset the response declares (UTF-8 by default, and when the
 * declared one is unknown), like requests' `response.text`.
 *
 * @internal
 */
export const decodeText = (bytes: Uint8Array, contentType: string | undefined): string =>
  decoderFor(charsetOf(contentType)).decode(bytes)
