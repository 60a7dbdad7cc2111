/**
 * Content-Encoding decoding for the Node transport (fetch does its own):
 * gzip, deflate and br, chained as the header lists them, at most
 * MAX_CODINGS deep (undici CVE-2026-22036: a chain of a thousand gzips).
 *
 * The decoders finish strictly: a body cut before its compressed stream
 * ends is an error, never a shorter body that looks whole.
 *
 * @internal
 */
import { Transform, type TransformCallback } from "node:stream"
import * as zlib from "node:zlib"

const MAX_CODINGS = 5

const zlibOptions: zlib.ZlibOptions = { flush: zlib.constants.Z_SYNC_FLUSH }

/**
 * `deflate` as servers send it: RFC 9110 says zlib-wrapped, but some send a
 * raw deflate stream, which browsers and fetch accept; the first byte tells
 * (a zlib header's low nibble is 8, the deflate method). Output is held
 * back while the reader is full, so a bomb inflates only as far as it is read.
 */
class Inflate extends Transform {
  private inner: zlib.Inflate | zlib.InflateRaw | undefined = undefined

  private start(first: number): zlib.Inflate | zlib.InflateRaw {
    const inner = (first & 0x0f) === 0x08 ? zlib.createInflate(zlibOptions) : zlib.createInflateRaw(zlibOptions)
    inner.on("data", (chunk: Buffer) => {
      if (!this.push(chunk)) inner.pause()
    })
    inner.on("error", (error) => this.destroy(error))
    this.inner = inner
    return inner
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (chunk.length === 0) return done()
    ;(this.inner ?? this.start(chunk[0]!)).write(chunk, () => done())
  }

  override _flush(done: TransformCallback): void {
    const inner = this.inner
    if (inner === undefined) return done()
    inner.once("end", () => done())
    inner.end()
  }

  override _read(size: number): void {
    this.inner?.resume()
    super._read(size)
  }

  override _destroy(error: Error | null, done: (error: Error | null) => void): void {
    this.inner?.destroy()
    done(error)
  }
}

const decoders: Record<string, () => Transform> = {
  gzip: () => zlib.createGunzip(zlibOptions),
  "x-gzip": () => zlib.createGunzip(zlibOptions),
  deflate: () => new Inflate(),
  br: () => zlib.createBrotliDecompress({ flush: zlib.constants.BROTLI_OPERATION_FLUSH })
}

/** @internal */
export type Decoding =
  | { readonly _tag: "Identity" }
  | { readonly _tag: "Decode"; readonly start: () => Chain }
  | { readonly _tag: "Refused"; readonly reason: string }

/** The decoders of one body: bytes go into `first`, come out of `last`. @internal */
export interface Chain {
  readonly first: Transform
  readonly last: Transform
}

const identity: Decoding = { _tag: "Identity" }

/**
 * The decoder chain for a Content-Encoding header: the codings were applied
 * in the order listed, so they are undone in reverse. A failure anywhere in
 * the chain reaches its last decoder, where the transport listens. The
 * chain is made when the first byte of the body arrives: an empty body
 * is empty, whatever its Content-Encoding says.
 *
 * @internal
 */
export const forEncoding = (header: string | Array<string> | undefined): Decoding => {
  if (header === undefined) return identity
  const codings = (Array.isArray(header) ? header.join(",") : header)
    .split(",")
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== "" && coding !== "identity")
  if (codings.length === 0) return identity
  if (codings.length > MAX_CODINGS) return { _tag: "Refused", reason: `more than ${MAX_CODINGS} content codings` }
  const unknown = codings.find((coding) => decoders[coding] === undefined)
  // An unknown coding is passed through undecoded, with its header kept.
  if (unknown !== undefined) return identity
  codings.reverse()
  return {
    _tag: "Decode",
    start: () => {
      const chain = codings.map((coding) => decoders[coding]!())
      const last = chain[chain.length - 1]!
      for (let i = 0; i < chain.length - 1; i++) {
        chain[i]!.pipe(chain[i + 1]!)
        chain[i]!.on("error", (error) => last.destroy(error))
      }
      return { first: chain[0]!, last }
    }
  }
}
