import { describe, expect, it } from "@effect/vitest"
import { createHash } from "node:crypto"
import { md5, md5Hex } from "../../src/core/md5.js"

describe("MD5 (RFC 1321)", () => {
  it("the test suite of RFC 1321 §A.5", () => {
    expect(md5Hex("")).toBe("d41d8cd98f00b204e9800998ecf8427e")
    expect(md5Hex("a")).toBe("0cc175b9c0f1b6a831c399e269772661")
    expect(md5Hex("abc")).toBe("900150983cd24fb0d6963f7d28e17f72")
    expect(md5Hex("message digest")).toBe("f96b697d7cb7938d525a2f31aaf161d0")
    expect(md5Hex("abcdefghijklmnopqrstuvwxyz")).toBe("c3fcd3d76192e4007dfb496cca67e13b")
    expect(md5Hex("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")).toBe("d174ab98d277d9f5a5611c2c9f419d9f")
    expect(md5Hex("1234567890".repeat(8))).toBe("57edf4a22be3c955ac49da2e2107b67a")
  })

  it("agrees with Node's at every length around the block and padding boundaries, and on UTF-8 text", () => {
    for (let n = 0; n <= 200; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff)
      expect(Buffer.from(md5(bytes)).toString("hex"), `${n} bytes`).toBe(createHash("md5").update(bytes).digest("hex"))
    }
    expect(md5Hex("Mufasa:http-auth@example.org:Circle of Life")).toBe(createHash("md5").update("Mufasa:http-auth@example.org:Circle of Life").digest("hex"))
    expect(md5Hex("é日本")).toBe(createHash("md5").update("é日本", "utf8").digest("hex"))
  })
})
