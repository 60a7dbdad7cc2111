import * as zlib from "node:zlib"
import { describe, expect, it } from "@effect/vitest"
import * as Decompress from "../../../src/internal/node/decompress.js"

/** The body through the decoder chain for `coding`: the decoded text, or the error's message. */
const decode = (coding: string, body: Buffer): Promise<string> =>
  new Promise((resolve) => {
    const decoding = Decompress.forEncoding(coding)
    if (decoding._tag !== "Decode") return resolve(`not decoded: ${decoding._tag}`)
    const { first, last } = decoding.start()
    const out: Array<Buffer> = []
    last.on("data", (chunk: Buffer) => out.push(chunk))
    last.on("end", () => resolve(Buffer.concat(out).toString()))
    last.on("error", (error) => resolve(`error: ${error.message}`))
    first.end(body)
  })

describe("zstd bodies", () => {
  const text = "zstd frames, ".repeat(300)
  const frames: Record<string, Buffer> = {
    plain: zlib.zstdCompressSync(text),
    "with a checksum": zlib.zstdCompressSync(text, { params: { [zlib.constants.ZSTD_c_checksumFlag]: 1 } }),
    "incompressible": zlib.zstdCompressSync(Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 251)).toString("latin1"))
  }

  for (const [name, body] of Object.entries(frames)) {
    it(`${name}: decoded whole, and refused when cut at any byte, on every Node`, async () => {
      expect((await decode("zstd", body)).length).toBe(name === "incompressible" ? 3000 : text.length)
      for (let cut = 1; cut < body.length; cut++) {
        expect(await decode("zstd", body.subarray(0, cut)), `cut at ${cut} of ${body.length}`).toMatch(/^error: /)
      }
    })
  }

  it("bytes that are not a zstd frame are refused", async () => {
    expect(await decode("zstd", Buffer.from("plain text, not zstd"))).toMatch(/^error: zstd: not a zstd frame/)
  })

  it("a second frame, or one after a skippable frame, is refused: node:zlib would drop it and read the body short", async () => {
    const twoFrames = Buffer.concat([zlib.zstdCompressSync(text.slice(0, 100)), zlib.zstdCompressSync(text.slice(100))])
    expect(await decode("zstd", twoFrames)).toMatch(/^error: zstd: more than one frame/)
    const skippable = Buffer.concat([Buffer.from([0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 1, 2, 3]), zlib.zstdCompressSync(text)])
    expect(await decode("zstd", skippable)).toMatch(/^error: zstd: not a zstd frame/)
  })

  it("asks for zstd in Accept-Encoding where it decodes it", () => {
    expect(Decompress.acceptEncoding).toBe("gzip, deflate, br, zstd")
  })
})
