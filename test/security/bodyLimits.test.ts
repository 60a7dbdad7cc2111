import { expect, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { Http } from "effect-requests"
import { TestServer } from "effect-requests/testing"
import { eachTransport } from "../helpers.js"

const MiB = 1024 * 1024

eachTransport((e2e, transport) => {
  it.layer(e2e)(`maxBodySize [${transport}]`, (it) => {
    it.effect("a gzip body that inflates to 200 MiB stops at 1 MiB with BodyTooLarge and small RSS growth", () =>
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

    it.effect("a stream is not limited by maxBodySize", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const res = yield* Http.get(`${base}/bytes/5000`, { maxBodySize: 10 })
        const size = yield* Stream.runFold(res.stream, 0, (n, chunk) => n + chunk.length)
        expect(size).toBe(5000)
      }))
  })
})
