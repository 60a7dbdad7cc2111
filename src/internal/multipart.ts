/**
 * Our own multipart/form-data encoder (RFC 7578). The runtime's FormData
 * encoder picks its boundary with too little randomness (undici
 * CVE-2025-22150, form-data CVE-2025-7783: a guessable boundary lets a
 * field value close its part and forge another), so the boundary here has
 * 160 bits from the platform's CSPRNG, and part headers are written by us
 * from values already checked for CR, LF, NUL and quotes.
 *
 * @internal
 */
import * as HttpBody from "#line/http/HttpBody"

/** One part: its (already checked) name, filename and type, and its content. @internal */
export interface Part {
  readonly name: string
  readonly filename?: string | undefined
  readonly contentType?: string | undefined
  readonly content: Uint8Array | Blob
}

const encoder = new TextEncoder()
const BOUNDARY_BYTES = 20

/** A fresh boundary: 160 random bits as hex, well under RFC 2046's 70 characters. @internal */
export const boundary = (): string => {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(BOUNDARY_BYTES))
  let hex = ""
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0")
  return `----effect-requests-${hex}`
}

const partHead = (delimiter: string, part: Part): Uint8Array => {
  let head = `--${delimiter}\r\nContent-Disposition: form-data; name="${part.name}"`
  if (part.filename !== undefined) head += `; filename="${part.filename}"`
  head += "\r\n"
  if (part.contentType !== undefined && part.contentType !== "") head += `Content-Type: ${part.contentType}\r\n`
  return encoder.encode(`${head}\r\n`)
}

const CRLF = encoder.encode("\r\n")

/**
 * The body of these parts. In-memory content gives one byte array; with a
 * Blob among them (which may be a file on disk) the body is a Blob too.
 *
 * @internal
 */
export const encode = (parts: ReadonlyArray<Part>): HttpBody.HttpBody => {
  const delimiter = boundary()
  const contentType = `multipart/form-data; boundary=${delimiter}`
  const segments: Array<Uint8Array | Blob> = []
  for (const part of parts) segments.push(partHead(delimiter, part), part.content, CRLF)
  segments.push(encoder.encode(`--${delimiter}--\r\n`))
  const length = segments.reduce((sum, segment) => sum + (segment instanceof Uint8Array ? segment.byteLength : segment.size), 0)
  if (segments.every((segment) => segment instanceof Uint8Array)) {
    const bytes = new Uint8Array(length)
    let offset = 0
    for (const segment of segments as Array<Uint8Array>) {
      bytes.set(segment, offset)
      offset += segment.byteLength
    }
    return HttpBody.uint8Array(bytes, contentType)
  }
  // A Blob of Blobs reads its parts only when sent, and every transport
  // knows its size, so the length is declared and a retry can send it again.
  return HttpBody.raw(new Blob(segments as Array<BlobPart>), { contentType, contentLength: length })
}
