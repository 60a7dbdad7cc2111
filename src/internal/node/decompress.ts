/**
 * Content-Encoding decoding for the Node transport (fetch does its own):
 * gzip, deflate, br and (where node:zlib has it) zstd, chained as the
 * header lists them, at most
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

// zstd is in node:zlib from Node 22.15 and 23.8 (the types say so from @types/node 24).
const createZstd = (zlib as { createZstdDecompress?: () => Transform }).createZstdDecompress

/**
 * The compressed bytes of a zstd body, passed through while its frame is
 * followed (RFC 8878 §3.1: frame header, block headers and sizes,
 * checksum), so that a body cut before its frame ends is an error: Node
 * 22's decoder ends such a stream quietly, short. node:zlib decodes one
 * frame and drops what follows it (a second frame, or the frame after a
 * skippable one, come out as nothing): a body of more than one frame is
 * refused rather than read short.
 */
class ZstdFrames extends Transform {
  /** What the next bytes are, and how many of them are still to come. */
  private state: "magic" | "descriptor" | "header" | "block" | "content" | "checksum" | "done" = "magic"
  private need = 4
  private field: Array<number> = []
  private last = false
  private checksum = false

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let i = 0
    while (i < chunk.length) {
      if (this.state === "done") return done(new Error("zstd: more than one frame (node:zlib decodes the first alone)"))
      if (this.state === "content") {
        const taken = Math.min(this.need, chunk.length - i)
        i += taken
        this.need -= taken
      } else {
        this.field.push(chunk[i++]!)
        this.need--
      }
      if (this.need === 0) {
        const problem = this.advance()
        if (problem !== undefined) return done(new Error(`zstd: ${problem}`))
      }
    }
    done(null, chunk)
  }

  /** The field or content just completed: what comes next. */
  private advance(): string | undefined {
    const f = this.field
    this.field = []
    switch (this.state) {
      case "magic": {
        const magic = (f[0]! | (f[1]! << 8) | (f[2]! << 16) | (f[3]! << 24)) >>> 0
        return magic === 0xfd2fb528 ? this.expect("descriptor", 1) : "not a zstd frame"
      }
      case "descriptor": {
        const d = f[0]!
        const single = (d & 0x20) !== 0
        this.checksum = (d & 0x04) !== 0
        const fcs = [single ? 1 : 0, 2, 4, 8][d >> 6]!
        const rest = (single ? 0 : 1) + [0, 1, 2, 4][d & 0x03]! + fcs
        return rest === 0 ? this.expect("block", 3) : this.expect("header", rest)
      }
      case "header":
        return this.expect("block", 3)
      case "block": {
        const header = f[0]! | (f[1]! << 8) | (f[2]! << 16)
        this.last = (header & 1) !== 0
        const type = (header >> 1) & 3
        if (type === 3) return "reserved block type"
        const size = type === 1 ? 1 : header >>> 3
        return size === 0 ? this.afterBlock() : this.expect("content", size)
      }
      case "content":
        return this.afterBlock()
      case "checksum":
      case "done":
        return this.expect("done", 0)
    }
  }

  private afterBlock(): undefined {
    if (!this.last) return this.expect("block", 3)
    return this.checksum ? this.expect("checksum", 4) : this.expect("done", 0)
  }

  private expect(state: ZstdFrames["state"], need: number): undefined {
    this.state = state
    this.need = need
    return undefined
  }

  override _flush(done: TransformCallback): void {
    done(this.state === "done" ? null : new Error("zstd: the body ended inside its frame"))
  }
}

// Each coding's decoder, as the transforms its bytes go through in turn.
const decoders: Record<string, () => ReadonlyArray<Transform>> = {
  gzip: () => [zlib.createGunzip(zlibOptions)],
  "x-gzip": () => [zlib.createGunzip(zlibOptions)],
  deflate: () => [new Inflate()],
  br: () => [zlib.createBrotliDecompress({ flush: zlib.constants.BROTLI_OPERATION_FLUSH })],
  // The frames followed first, so that a body cut short is refused on every Node.
  ...(createZstd === undefined ? {} : { zstd: () => [new ZstdFrames(), createZstd()] })
}

/**
 * What the Node transport asks for (like fetch and requests, unless told
 * otherwise): every coding it decodes here.
 *
 * @internal
 */
export const acceptEncoding = createZstd === undefined ? "gzip, deflate, br" : "gzip, deflate, br, zstd"

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
      const chain = codings.flatMap((coding) => decoders[coding]!())
      const last = chain[chain.length - 1]!
      for (let i = 0; i < chain.length - 1; i++) {
        chain[i]!.pipe(chain[i + 1]!)
        chain[i]!.on("error", (error) => last.destroy(error))
      }
      return { first: chain[0]!, last }
    }
  }
}
