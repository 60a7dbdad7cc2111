import { createHash } from "node:crypto"
import { describe, expect, it } from "@effect/vitest"
import { sha256, sha256Hex, toHex } from "../../src/core/sha256.js"

describe("sha256", () => {
  it("matches FIPS 180-4's examples", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    expect(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))
      .toBe("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
  })

  it("agrees with node:crypto at every length around the block and padding boundaries, and on non-ASCII text", () => {
    for (let length = 0; length <= 200; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 31 + length) & 0xff)
      expect(toHex(sha256(bytes)), `length ${length}`).toBe(createHash("sha256").update(bytes).digest("hex"))
    }
    const text = "Ünïcødé 🔑 ".repeat(50)
    expect(sha256Hex(text)).toBe(createHash("sha256").update(text, "utf8").digest("hex"))
  })
})
