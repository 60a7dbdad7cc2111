import { describe, expect, it } from "@effect/vitest"
import { decodeBase64, encodeBase64 } from "../../src/core/base64.js"

describe("base64 of a cached body", () => {
  it("writes what effect 3's Encoding wrote, so entries in a shared store stay readable", () => {
    expect(encodeBase64(new TextEncoder().encode("hello"))).toBe("aGVsbG8=")
    expect(encodeBase64(new Uint8Array([0, 255, 128]))).toBe("AP+A")
    expect(encodeBase64(new Uint8Array(0))).toBe("")
  })

  it("round-trips every byte value and a body larger than one slice", () => {
    const bytes = new Uint8Array(100_000).map((_, i) => (i * 7) % 256)
    expect(decodeBase64(encodeBase64(bytes))).toEqual(bytes)
  })

  it("reads text that is not base64 as nothing, not as a crash", () => {
    expect(decodeBase64("not base64!")).toBeUndefined()
  })
})
