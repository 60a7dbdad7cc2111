/**
 * SHA-256 (FIPS 180-4), synchronous and without a runtime's crypto module:
 * WebCrypto's digest is asynchronous and missing outside secure browser
 * contexts, and the places that need a digest (a credential's fingerprint
 * in a shared cache) run in the middle of a synchronous decision.
 *
 * @internal
 */

// The first 32 bits of the fractional parts of the cube roots of the first
// 64 primes (K), and of the square roots of the first 8 (the initial hash):
// computed, not listed, since a double holds them exactly (a test checks
// the digests against node:crypto).
const primes = (n: number): Array<number> => {
  const out: Array<number> = []
  // Stryker disable next-line EqualityOperator: a 65th prime would only go unread
  for (let candidate = 2; out.length < n; candidate++) {
    if (out.every((p) => candidate % p !== 0)) out.push(candidate)
  }
  return out
}
// ToUint32 keeps the low 32 bits of the integer part: those of the fraction, shifted up.
const fraction32 = (x: number) => (x * 2 ** 32) >>> 0
const K = Uint32Array.from(primes(64), (p) => fraction32(Math.cbrt(p)))
const H0 = Uint32Array.from(primes(8), (p) => fraction32(Math.sqrt(p)))

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n))

/**
 * The padded message of the Merkle–Damgård hashes (SHA-256 big-endian,
 * MD5 little-endian): the bytes, a 1 bit, zeros to a whole number of
 * 64-byte blocks, and the bit length as 64 bits in the hash's byte order.
 *
 * @internal
 */
export const pad = (bytes: Uint8Array, littleEndian: boolean): Uint8Array => {
  const length = Math.ceil((bytes.length + 9) / 64) * 64
  const out = new Uint8Array(length)
  out.set(bytes)
  out[bytes.length] = 0x80
  const view = new DataView(out.buffer)
  const bits = bytes.length * 8
  const low = bits >>> 0
  // Stryker disable next-line all: the high word is 0 below 512 MiB, the size a test would need
  const high = Math.floor(bits / 2 ** 32)
  view.setUint32(length - 8, littleEndian ? low : high, littleEndian)
  view.setUint32(length - 4, littleEndian ? high : low, littleEndian)
  return out
}

/** The SHA-256 digest of `bytes`. @internal */
export const sha256 = (bytes: Uint8Array): Uint8Array => {
  const message = pad(bytes, false)
  const view = new DataView(message.buffer)
  const h = H0.slice()
  const w = new Uint32Array(64)
  for (let offset = 0; offset < message.length; offset += 64) {
    for (let t = 0; t < 16; t++) w[t] = view.getUint32(offset + t * 4)
    // Stryker disable next-line EqualityOperator: w has 64 words; a write to w[64] is dropped
    for (let t = 16; t < 64; t++) {
      const s0 = rotr(w[t - 15]!, 7) ^ rotr(w[t - 15]!, 18) ^ (w[t - 15]! >>> 3)
      const s1 = rotr(w[t - 2]!, 17) ^ rotr(w[t - 2]!, 19) ^ (w[t - 2]! >>> 10)
      w[t] = w[t - 16]! + s0 + w[t - 7]! + s1
    }
    let [a, b, c, d, e, f, g, hh] = h as unknown as [number, number, number, number, number, number, number, number]
    for (let t = 0; t < 64; t++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t]! + w[t]!) >>> 0
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0
      hh = g
      g = f
      f = e
      e = (d + t1) >>> 0
      d = c
      c = b
      b = a
      a = (t1 + t2) >>> 0
    }
    h[0]! += a
    h[1]! += b
    h[2]! += c
    h[3]! += d
    h[4]! += e
    h[5]! += f
    h[6]! += g
    h[7]! += hh
  }
  const out = new Uint8Array(32)
  const outView = new DataView(out.buffer)
  for (let i = 0; i < 8; i++) outView.setUint32(i * 4, h[i]!)
  return out
}

/** Bytes as lower-case hex. @internal */
export const toHex = (bytes: Uint8Array): string => {
  let out = ""
  for (const byte of bytes) out += byte.toString(16).padStart(2, "0")
  return out
}

const utf8 = new TextEncoder()

/** The SHA-256 of a string's UTF-8 bytes, in hex. @internal */
export const sha256Hex = (text: string): string => toHex(sha256(utf8.encode(text)))
