/**
 * MD5 (RFC 1321), for HTTP Digest authentication's default algorithm
 * (RFC 7616 keeps it for servers that know no other) and nothing else: it
 * is no longer a secure hash. Pure: the core entry runs in browsers.
 *
 * @internal
 */
import { pad, toHex } from "./sha256.js"

// Per-round shift amounts, four per round.
const shifts = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21]
// The sine table: floor(|sin(i + 1)| * 2^32).
const sines = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) >>> 0)

/** The 16-byte MD5 digest of `bytes`. @internal */
export const md5 = (bytes: Uint8Array): Uint8Array => {
  const padded = pad(bytes, true)
  const length = padded.length
  const view = new DataView(padded.buffer)
  const state = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476]
  for (let block = 0; block < length; block += 64) {
    let [a, b, c, d] = state as [number, number, number, number]
    for (let i = 0; i < 64; i++) {
      const round = i >>> 4
      const f = round === 0 ? (b & c) | (~b & d) : round === 1 ? (d & b) | (~d & c) : round === 2 ? b ^ c ^ d : c ^ (b | ~d)
      const word = round === 0 ? i : round === 1 ? (5 * i + 1) % 16 : round === 2 ? (3 * i + 5) % 16 : (7 * i) % 16
      const sum = (a + f + sines[i]! + view.getUint32(block + word * 4, true)) >>> 0
      const shift = shifts[round * 4 + (i % 4)]!
      a = d
      d = c
      c = b
      b = (b + ((sum << shift) | (sum >>> (32 - shift)))) >>> 0
    }
    state[0] = (state[0]! + a) >>> 0
    state[1] = (state[1]! + b) >>> 0
    state[2] = (state[2]! + c) >>> 0
    state[3] = (state[3]! + d) >>> 0
  }
  const out = new Uint8Array(16)
  const outView = new DataView(out.buffer)
  state.forEach((word, i) => outView.setUint32(i * 4, word, true))
  return out
}

const utf8 = new TextEncoder()

/** The MD5 digest of a text's UTF-8 bytes, in lower-case hex. @internal */
export const md5Hex = (text: string): string => toHex(md5(utf8.encode(text)))
