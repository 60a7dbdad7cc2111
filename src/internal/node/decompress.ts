/**
 * Content-Encoding decoding for the Node transport (fetch does its own):
 * gzip, deflate and br, chained as the header lists them, at most
 * MAX_CODINGS deep (undici CVE-2026-22036: a chain of a thousand gzips).
 *
 * @internal
 */
import type { Transform } from "node:stream"
import * as zlib from "node:zlib"

const MAX_CODINGS = 5

const decoders: Record<string, () => Transform> = {
  gzip: () => zlib.createGunzip({ flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH }),
  "x-gzip": () => zlib.createGunzip({ flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH }),
  deflate: () => zlib.createInflate({ flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH }),
  br: () => zlib.createBrotliDecompress({ flush: zlib.constants.BROTLI_OPERATION_FLUSH, finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH })
}

/** @internal */
export type Decoding =
  | { readonly _tag: "Identity" }
  | { readonly _tag: "Decode"; readonly first: Transform; readonly last: Transform }
  | { readonly _tag: "Refused"; readonly reason: string }

const identity: Decoding = { _tag: "Identity" }

/**
 * The decoder chain for a Content-Encoding header: the codings were applied
 * in the order listed, so they are undone in reverse.
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
  const chain = codings.reverse().map((coding) => decoders[coding]!())
  for (let i = 0; i < chain.length - 1; i++) chain[i]!.pipe(chain[i + 1]!)
  return { _tag: "Decode", first: chain[0]!, last: chain[chain.length - 1]! }
}
