import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import { expect, it } from "@effect/vitest"
import { Effect, Layer, Schema, Stream } from "effect"
import { Http } from "effect-requests"
import { NodeHttp } from "effect-requests/node"
import { TestServer } from "effect-requests/testing"
import { eachTransport } from "./helpers.js"
import { fold } from "#testline"

const MiB = 1024 * 1024

eachTransport((e2e, transport) => {
  it.layer(Layer.merge(e2e, NodeFileSystem.layer))(`streams and progress against the loopback httpbin [${transport}]`, (it) => {
    it.effect("Http.download writes the file and reports progress up to 100%", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "download-")), "blob.bin")
        const seen: Array<Http.Progress> = []
        const result = yield* Http.download(`${base}/stream-bytes/${3 * MiB}`, file, {
          onProgress: (p) => Effect.sync(() => seen.push(p))
        })
        expect(result.bytes).toBe(3 * MiB)
        expect(fs.statSync(file).size).toBe(3 * MiB)
        expect(seen.length).toBeGreaterThan(1)
        expect(seen.at(-1)).toEqual({ transferred: 3 * MiB, total: 3 * MiB, percent: 100 })
        const transferred = seen.map((p) => p.transferred)
        expect(transferred).toEqual([...transferred].sort((a, b) => a - b))
      }))

    it.effect("a generated 50 MiB upload stream reports progress that ends at 100%", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const piece = new Uint8Array(256 * 1024)
        const body = Stream.range(1, 200).pipe(Stream.map(() => piece))
        const seen: Array<Http.Progress> = []
        const echo = yield* Http.post(`${base}/drain`, {
          body,
          headers: { "content-length": String(50 * MiB) },
          onProgress: (p) => Effect.sync(() => seen.push(p))
        }).pipe(Http.decode(Schema.Struct({ bytes: Schema.Number })))
        expect(echo.bytes).toBe(50 * MiB)
        expect(seen.at(-1)).toEqual({ transferred: 50 * MiB, total: 50 * MiB, percent: 100 })
      }))
  })
})

// RSS is measured over the Node transport: with fetch, undici's own body
// buffering and the garbage of 200 MiB of chunks in this one process (the
// server is here too) put the peak near the bound, and the bound is about
// this library's reading, not the runtime's fetch.
it.layer(Layer.merge(TestServer.layer, NodeHttp.layer))("a long stream over NodeHttp.layer", (it) => {
  it.effect("a 200 MiB body read as a stream grows RSS by less than 64 MiB", () =>
    Effect.gen(function* () {
      const base = yield* TestServer.url
      globalThis.gc?.()
      const before = process.memoryUsage().rss
      let peak = before
      const size = yield* Http.get(`${base}/stream-bytes/${200 * MiB}`).pipe(
        Effect.flatMap((res) =>
          fold(res.stream, 0, (n, chunk) => {
            peak = Math.max(peak, process.memoryUsage().rss)
            return n + chunk.length
        }))
      )
      expect(size).toBe(200 * MiB)
      expect(peak - before).toBeLessThan(64 * MiB)
    }))

})
