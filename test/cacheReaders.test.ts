import type * as http from "node:http"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Schema, Stream } from "effect"
import { Http, Retry } from "effect-requests"
import { httpServer, transports } from "./helpers.js"
import { collect, fold, timeoutFail } from "#testline"

/**
 * A loopback server whose bodies send their first part, then wait until
 * the test calls `release()` before they send the rest and end: a body
 * that cannot be read whole until its reader has seen the start. Once
 * released, later requests are answered at once.
 */
const gatedServer = (headers: Record<string, string>, first: string, rest: string) =>
  Effect.gen(function* () {
    let released = false
    const waiting: Array<() => void> = []
    let requests = 0
    const handler: http.RequestListener = (_req, res) => {
      requests++
      res.writeHead(200, headers)
      res.write(first)
      const finish = () => res.end(rest)
      if (released) finish()
      else waiting.push(finish)
    }
    const { url } = yield* httpServer(handler)
    const release = Effect.sync(() => {
      released = true
      for (const finish of waiting.splice(0)) finish()
    })
    return { url, release, requests: () => requests }
  })

/** Fails the test instead of hanging it: what a reader that never gets its first chunk would do. */
const within = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  effect.pipe(timeoutFail({ duration: "10 seconds", onTimeout: () => new Error("no first chunk within 10 s: the body was held back") }))

const cachable = { "cache-control": "max-age=600" }
const decoder = new TextDecoder()

describe("the cache and a response read as it arrives", () => {
  for (const [transport, layer] of transports) {
    it.scopedLive(`res.stream and res.lines get the first chunk before the body ends; the whole body is stored when the stream runs out [${transport}]`, () =>
      Effect.gen(function* () {
        const server = yield* gatedServer({ ...cachable, "content-type": "text/plain" }, "first\n", "second\nthird\n")
        const api = Http.make({ cache: true, retry: Retry.none, timeout: "2 seconds" })
        const res = yield* api.get(`${server.url}/lines`)
        expect(res.cache).toBe("miss")
        // The first line reaches the reader while the server still holds the rest.
        const lines = yield* Stream.runCollect(res.lines.pipe(
          Stream.tap((line) => line === "first" ? server.release : Effect.void)
        )).pipe(within)
        expect([...lines]).toEqual(["first", "second", "third"])
        const again = yield* api.get(`${server.url}/lines`)
        expect(again.cache).toBe("hit")
        expect(yield* again.text).toBe("first\nsecond\nthird\n")
        expect(server.requests()).toBe(1)
      }).pipe(Effect.provide(layer)))

    it.scopedLive(`a declared Content-Length does not hold the body back either [${transport}]`, () =>
      Effect.gen(function* () {
        const body = "x".repeat(1024)
        const server = yield* gatedServer({ ...cachable, "content-length": String(body.length * 2) }, body, body)
        const api = Http.make({ cache: true, retry: Retry.none })
        const total = yield* api.get(`${server.url}/declared`).pipe(
          Effect.flatMap((res) => fold(res.stream.pipe(Stream.tap(() => server.release)), 0, (n, chunk) => n + chunk.length)),
          within
        )
        expect(total).toBe(2048)
        expect((yield* api.get(`${server.url}/declared`)).cache).toBe("hit")
      }).pipe(Effect.provide(layer)))

    it.scopedLive(`session.sse with cache: true gets an event while the server keeps the stream open [${transport}]`, () =>
      Effect.gen(function* () {
        const server = yield* gatedServer({ "content-type": "text/event-stream" }, "data: hello\n\n", "")
        const api = Http.make({ cache: true, timeout: "2 seconds" })
        const events = yield* collect(api.sse(`${server.url}/events`).pipe(Stream.take(1))).pipe(within)
        expect(events.map((e) => e.data)).toEqual(["hello"])
        yield* server.release
      }).pipe(Effect.provide(layer)))

    it.scopedLive(`session.ndjson with cache: true decodes the first value before the body ends [${transport}]`, () =>
      Effect.gen(function* () {
        const server = yield* gatedServer({ ...cachable, "content-type": "application/x-ndjson" }, "{\"n\":1}\n", "{\"n\":2}\n")
        const api = Http.make({ cache: true, retry: Retry.none })
        const values = yield* collect(api.ndjson(`${server.url}/values`, Schema.Struct({ n: Schema.Number })).pipe(
          Stream.tap(({ n }) => n === 1 ? server.release : Effect.void)
        )).pipe(within)
        expect(values).toEqual([{ n: 1 }, { n: 2 }])
      }).pipe(Effect.provide(layer)))

    it.scopedLive(`a page read as a stream through session.paginate arrives as it comes [${transport}]`, () =>
      Effect.gen(function* () {
        const server = yield* gatedServer({ ...cachable, "content-type": "text/plain" }, "page-start ", "page-end")
        const api = Http.make({ cache: true, retry: Retry.none })
        const chunks = api.paginate(`${server.url}/page`).pipe(
          Stream.flatMap((page) => page.stream.pipe(Stream.tap(() => server.release))),
          Stream.map((chunk) => decoder.decode(chunk))
        )
        const text = yield* fold(chunks, "", (all, piece) => all + piece).pipe(within)
        expect(text).toBe("page-start page-end")
      }).pipe(Effect.provide(layer)))

    it.scopedLive(`a 100 MiB chunked body with cache: true streams whole and is not kept (it passes maxEntryBytes) [${transport}]`, () =>
      Effect.gen(function* () {
        const size = 100 * 1024 * 1024
        const chunk = Buffer.alloc(64 * 1024, 97)
        const { url } = yield* httpServer((_req, res) => {
          // No Content-Length: chunked, so the cache cannot know its size before reading it.
          res.writeHead(200, { ...cachable, "content-type": "application/octet-stream" })
          let left = size
          const pump = () => {
            while (left > 0) {
              left -= chunk.length
              if (!res.write(chunk)) return void res.once("drain", pump)
            }
            res.end()
          }
          pump()
        })
        const api = Http.make({ cache: true, retry: Retry.none })
        const res = yield* api.get(`${url}/big`)
        const total = yield* fold(res.stream, 0, (n, piece) => n + piece.length)
        expect(total).toBe(size)
        // Past maxEntryBytes (5 MiB): fetched again, never a BodyTooLarge.
        expect((yield* api.get(`${url}/big`, { maxBodySize: 1 })).cache).toBe("miss")
      }).pipe(Effect.provide(layer)), 60_000)
  }

  it.scopedLive("a stream that stops early is not stored, nor is one past maxEntryBytes; one within it is, byte for byte", () =>
    Effect.gen(function* () {
      let requests = 0
      const { url } = yield* httpServer((_req, res) => {
        requests++
        res.writeHead(200, cachable)
        for (let i = 0; i < 4; i++) res.write("y".repeat(1024))
        res.end()
      })
      const small = Http.make({ cache: { maxEntryBytes: 1024 }, retry: Retry.none })
      yield* fold((yield* small.get(`${url}/a`)).stream, 0, (n, c) => n + c.length)
      expect((yield* small.get(`${url}/a`)).cache).toBe("miss")
      const api = Http.make({ cache: true, retry: Retry.none })
      yield* Stream.runDrain((yield* api.get(`${url}/b`)).stream.pipe(Stream.take(1)))
      const whole = yield* api.get(`${url}/b`)
      expect(whole.cache).toBe("miss")
      expect(yield* whole.text).toBe("y".repeat(4096))
      const hit = yield* api.get(`${url}/b`)
      expect(hit.cache).toBe("hit")
      expect(yield* hit.text).toBe("y".repeat(4096))
      expect(requests).toBe(4)
    }).pipe(Effect.provide(transports[1]![1])))
})
