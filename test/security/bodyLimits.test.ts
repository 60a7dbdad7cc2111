import * as zlib from "node:zlib"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { Http, Retry } from "effect-requests"
import { NodeHttp } from "effect-requests/node"
import { TestServer } from "effect-requests/testing"
import { eachTransport, httpServer, transports } from "../helpers.js"
import { fold, runningTotal } from "#testline"

const MiB = 1024 * 1024

eachTransport((e2e, transport) => {
  it.layer(e2e)(`maxBodySize [${transport}]`, (it) => {
    it.effect("a gzip body that inflates to 200 MiB stops at 1 MiB with BodyTooLarge and small RSS growth (urllib3 CVE-2025-66471, axios maxContentLength)", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        // Warm up the server's cached bomb and the transport before measuring.
        yield* Http.get(`${base}/gzip-bomb/200`, { maxBodySize: MiB }).pipe(Effect.flatMap((r) => r.bytes), Effect.ignore)
        globalThis.gc?.()
        const before = process.memoryUsage().rss
        const err = yield* Http.get(`${base}/gzip-bomb/200`, { maxBodySize: MiB }).pipe(
          Effect.flatMap((res) => res.text),
          Effect.flip
        )
        const grown = process.memoryUsage().rss - before
        expect(err).toMatchObject({ _tag: "BodyTooLarge", limit: MiB })
        expect(grown).toBeLessThan(100 * MiB)
      }))

    it.effect("the limit holds after a redirect (node-fetch CVE-2020-15168)", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const err = yield* Http.get(`${base}/redirect-to?url=%2Fgzip-bomb%2F200`, { maxBodySize: MiB }).pipe(
          Effect.flatMap((res) => res.bytes),
          Effect.flip
        )
        expect(err).toMatchObject({ _tag: "BodyTooLarge", limit: MiB })
      }))

    it.effect("a 200 MiB bomb read as a stream inflates only as far as it is consumed (urllib3 CVE-2025-66471)", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        globalThis.gc?.()
        const before = process.memoryUsage().rss
        const res = yield* Http.get(`${base}/gzip-bomb/200`)
        const taken = yield* res.stream.pipe(
          Stream.map((chunk) => chunk.length),
          (lengths) => runningTotal(lengths),
          Stream.takeUntil((sum) => sum >= 2 * MiB),
          Stream.runLast
        )
        const grown = process.memoryUsage().rss - before
        expect(taken._tag === "Some" && taken.value >= 2 * MiB).toBe(true)
        expect(grown).toBeLessThan(100 * MiB)
      }))

    it.effect("the limit counts decompressed bytes, for json and decode too", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        // About 1 KiB on the wire, 1 MiB once inflated.
        const res = yield* Http.get(`${base}/gzip-bomb/1`, { maxBodySize: 64 * 1024 })
        const err = yield* Effect.flip(res.json)
        expect(err).toMatchObject({ _tag: "BodyTooLarge", limit: 64 * 1024 })
      }))

    it.effect("a body of exactly the limit is read whole", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const bytes = yield* Http.get(`${base}/bytes/1000`, { maxBodySize: 1000 }).pipe(Effect.flatMap((r) => r.bytes))
        expect(bytes.length).toBe(1000)
      }))

    it.effect("a StatusError carries at most 4 KiB of the body", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const err = yield* Http.get(`${base}/bytes/100000`, { validateStatus: () => false }).pipe(Effect.flip)
        expect(err._tag).toBe("StatusError")
        if (err._tag === "StatusError") expect(err.body.length).toBeLessThanOrEqual(4096)
      }))

    it.effect("a stream is not limited by maxBodySize (it is read as it is consumed)", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const res = yield* Http.get(`${base}/bytes/5000`, { maxBodySize: 10 })
        const size = yield* fold(res.stream, 0, (n, chunk) => n + chunk.length)
        expect(size).toBe(5000)
      }))
  })
})

const bombs = {
  deflate: () => zlib.deflateSync(Buffer.alloc(64 * MiB)),
  br: () => zlib.brotliCompressSync(Buffer.alloc(64 * MiB), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } })
}

describe("decompression limits beyond gzip", () => {
  for (const [transport, layer] of transports) {
    it.scoped(`a chain of a thousand gzip codings is a fast ConnectionError (undici CVE-2026-22036, urllib3 CVE-2025-66418) [${transport}]`, () =>
      Effect.gen(function* () {
        const body = zlib.gzipSync("{}")
        const { url } = yield* httpServer((_req, res) => {
          res.writeHead(200, { "content-encoding": Array.from({ length: 1000 }, () => "gzip").join(", "), "content-length": body.length })
          res.end(body)
        })
        const err = yield* Http.get(`${url}/`, { retry: Retry.none }).pipe(Effect.flatMap((r) => r.text), Effect.provide(layer), Effect.flip)
        expect(err._tag).toBe("ConnectionError")
        expect(err.message).toMatch(/content.?(codings|encodings)/)
      }))

    it.scoped(`deflate and br bombs stop at the limit too (Netty CVE-2026-42587) [${transport}]`, () =>
      Effect.gen(function* () {
        const payloads = { deflate: bombs.deflate(), br: bombs.br() }
        const { url } = yield* httpServer((req, res) => {
          const coding = req.url === "/br" ? "br" : "deflate"
          res.writeHead(200, { "content-encoding": coding, "content-type": "application/json" })
          res.end(payloads[coding])
        })
        for (const coding of ["deflate", "br"] as const) {
          const err = yield* Http.get(`${url}/${coding}`, { maxBodySize: MiB }).pipe(
            Effect.flatMap((r) => r.json),
            Effect.provide(layer),
            Effect.flip
          )
          expect(err, coding).toMatchObject({ _tag: "BodyTooLarge", limit: MiB })
        }
      }))

    it.scoped(`a redirect's own body is not inflated: a bomb on a 302 is abandoned and the target read (urllib3 CVE-2026-21441) [${transport}]`, () =>
      Effect.gen(function* () {
        const bomb = bombs.deflate()
        const { url } = yield* httpServer((req, res) => {
          if (req.url === "/target") {
            res.writeHead(200, { "content-type": "text/plain" })
            res.end("arrived")
            return
          }
          res.writeHead(302, { location: "/target", "content-encoding": "deflate" })
          res.end(bomb)
        })
        globalThis.gc?.()
        const before = process.memoryUsage().rss
        const text = yield* Http.get(`${url}/start`).pipe(Effect.flatMap((r) => r.text), Effect.provide(layer))
        expect(text).toBe("arrived")
        expect(process.memoryUsage().rss - before).toBeLessThan(40 * MiB)
      }))
  }
})

// Node 24's fetch decodes zstd, Node 22's does not: asked once, of the fetch the tests run on.
const fetchDecodesZstd = Effect.scoped(Effect.gen(function* () {
  const { url } = yield* httpServer((_req, res) => {
    const body = zlib.zstdCompressSync("probe")
    res.writeHead(200, { "content-encoding": "zstd", "content-length": body.length }).end(body)
  })
  const bytes = yield* Effect.promise(() => fetch(url).then((r) => r.arrayBuffer()))
  return new TextDecoder().decode(bytes) === "probe"
}))

describe("zstd", () => {
  const text = JSON.stringify({ hello: "zstd" })
  const zstdServer = httpServer((req, res) => {
    const body = zlib.zstdCompressSync(text)
    if (req.url === "/cut") {
      res.writeHead(200, { "content-encoding": "zstd", "content-type": "application/json" }).end(body.subarray(0, body.length - 4))
    } else if (req.url === "/bomb") {
      res.writeHead(200, { "content-encoding": "zstd" }).end(zlib.zstdCompressSync(Buffer.alloc(64 * MiB)))
    } else {
      res.writeHead(200, { "content-encoding": "zstd", "content-type": "application/json", "content-length": body.length, "x-accepted": req.headers["accept-encoding"] ?? "" }).end(body)
    }
  })

  it.scoped("NodeHttp asks for zstd and decodes it: the headers no longer claim the encoding or its length; a bomb stops at the limit, a cut stream fails", () =>
    Effect.gen(function* () {
      const { url } = yield* zstdServer
      const res = yield* Http.get(`${url}/`)
      expect(res.headers.get("x-accepted")).toBe("gzip, deflate, br, zstd")
      expect(yield* res.json).toEqual({ hello: "zstd" })
      expect([res.headers.get("content-encoding"), res.headers.get("content-length")]).toEqual([undefined, undefined])
      const bomb = yield* Http.get(`${url}/bomb`, { maxBodySize: MiB }).pipe(Effect.flatMap((r) => r.bytes), Effect.flip)
      expect(bomb).toMatchObject({ _tag: "BodyTooLarge", limit: MiB })
      const cut = yield* Http.get(`${url}/cut`, { retry: Retry.none }).pipe(Effect.flatMap((r) => r.text), Effect.flip)
      expect(cut._tag).toBe("ConnectionError")
    }).pipe(Effect.provide(NodeHttp.layer)))

  it.scoped("over fetch, the headers say what the body is: decoded without Content-Encoding where the runtime's fetch decodes zstd, as sent with it where it does not", () =>
    Effect.gen(function* () {
      const { url } = yield* zstdServer
      const res = yield* Http.get(`${url}/`)
      const bytes = yield* res.bytes
      if (yield* fetchDecodesZstd) {
        expect(new TextDecoder().decode(bytes)).toBe(text)
        expect([res.headers.get("content-encoding"), res.headers.get("content-length")]).toEqual([undefined, undefined])
      } else {
        expect([...bytes.subarray(0, 4)]).toEqual([0x28, 0xb5, 0x2f, 0xfd])
        expect(res.headers.get("content-encoding")).toBe("zstd")
      }
    }).pipe(Effect.provide(Http.layer)))
})
