import { describe, expect, it } from "@effect/vitest"
import { Effect, Schema, Stream } from "effect"
import { Http, Retry } from "effect-requests"
import { MockHttp } from "effect-requests/testing"
import { httpServer, transports } from "../helpers.js"
import { collect, effectTimeoutTag } from "#testline"

const MiB = 1024 * 1024

/** A server that answers with `block` again and again, `total` bytes in all, each write waiting for the socket. */
const repeating = (total: number, block: Buffer, contentType: string) =>
  httpServer((_req, res) => {
    res.writeHead(200, { "content-type": contentType })
    let sent = 0
    const write = () => {
      while (sent < total) {
        sent += block.length
        if (!res.write(block)) return res.once("drain", write)
      }
      res.end()
    }
    res.on("error", () => {})
    write()
  })

/** `total` bytes of "a" and no newline, in 64 KiB writes. */
const oneLongLine = (total: number) => repeating(total, Buffer.alloc(64 * 1024, "a"), "text/plain")

for (const [transport, layer] of transports) {
  describe(`one long line [${transport}]`, () => {
    it.scoped("a 64 MB single line through res.lines is refused past maxLineLength with a DecodeError, memory bounded by the cap", () =>
      Effect.gen(function* () {
        const { url } = yield* oneLongLine(64 * MiB)
        globalThis.gc?.()
        const before = process.memoryUsage().rss
        const res = yield* Http.get(`${url}/`, { retry: Retry.none })
        const err = yield* Stream.runDrain(res.lines).pipe(Effect.flip)
        expect(err).toMatchObject({ _tag: "DecodeError" })
        expect(err.message).toContain("maxLineLength")
        expect(process.memoryUsage().rss - before).toBeLessThan(64 * MiB)
      }).pipe(Effect.provide(layer)))

    it.scopedLive("a slow endless line is stopped by the caller's 2 s timeout: splitting never blocks the event loop", () =>
      Effect.gen(function* () {
        const { url } = yield* httpServer((_req, res) => {
          res.writeHead(200, { "content-type": "text/plain" })
          const block = Buffer.alloc(64 * 1024, "a")
          const timer = setInterval(() => res.write(block), 5)
          res.on("close", () => clearInterval(timer))
        })
        const res = yield* Http.get(`${url}/`, { retry: Retry.none, maxLineLength: 1024 * MiB })
        const outcome = yield* Stream.runDrain(res.lines).pipe(Effect.timeout("2 seconds"), Effect.flip)
        expect(outcome._tag).toBe(effectTimeoutTag)
      }).pipe(Effect.provide(layer)))

    it.scoped("Http.ndjson is held to the same cap, and maxLineLength raises it for a 3 MiB line", () =>
      Effect.gen(function* () {
        const { url } = yield* oneLongLine(3 * MiB)
        const ndjson = yield* Http.get(`${url}/`, { retry: Retry.none }).pipe(
          Effect.map(Http.ndjson(Schema.Unknown)),
          Stream.unwrap,
          Stream.runDrain,
          Effect.flip
        )
        expect(ndjson).toMatchObject({ _tag: "DecodeError" })
        expect(ndjson.message).toContain("maxLineLength")
        const res = yield* Http.get(`${url}/`, { retry: Retry.none, maxLineLength: 4 * MiB })
        const lines = yield* collect(res.lines)
        expect((lines).map((line) => line.length)).toEqual([3 * MiB])
      }).pipe(Effect.provide(layer)))
  })
}

describe("line splitting", () => {
  it.effect("every way of cutting a body into chunks gives the same lines", () =>
    Effect.gen(function* () {
      const text = "one\r\ntwo\rthree\n\nfour\r\r\nfive"
      const expected = ["one", "two", "three", "", "four", "", "five"]
      for (let a = 0; a <= text.length; a++) {
        for (let b = a; b <= text.length; b++) {
          const parts = [text.slice(0, a), text.slice(a, b), text.slice(b)]
          const layer = MockHttp.layer([MockHttp.get("/t", MockHttp.stream(Stream.fromIterable(parts).pipe(Stream.encodeText)))])
          const lines = yield* Http.get("https://api.test/t").pipe(
            Effect.flatMap((res) => collect(res.lines)),
            Effect.provide(layer)
          )
          expect((lines)).toEqual(expected)
        }
      }
    }))

  it.effect("a line of exactly maxLineLength characters is accepted, one more is not", () =>
    Effect.gen(function* () {
      const layer = MockHttp.layer([
        MockHttp.get("/ok", MockHttp.text("abcd\nefgh")),
        MockHttp.get("/long", MockHttp.text("abcd\nefghi\n"))
      ])
      const ok = yield* Http.get("https://api.test/ok", { maxLineLength: 4 }).pipe(
        Effect.flatMap((res) => collect(res.lines)),
        Effect.provide(layer)
      )
      expect((ok)).toEqual(["abcd", "efgh"])
      const err = yield* Http.get("https://api.test/long", { maxLineLength: 4 }).pipe(
        Effect.flatMap((res) => collect(res.lines)),
        Effect.flip,
        Effect.provide(layer)
      )
      expect(err).toMatchObject({ _tag: "DecodeError", issue: { message: "line 2 is longer than 4 characters (maxLineLength)" } })
    }))
})

/** An event stream of one endless event: `total` bytes of 1 KiB `data:` lines and no blank line. */
const oneLongEvent = (total: number) => repeating(total, Buffer.from(`data: ${"e".repeat(1018)}\n`.repeat(64)), "text/event-stream")

for (const [transport, layer] of transports) {
  describe(`one endless event [${transport}]`, () => {
    it.scoped("64 MB of short data: lines without a blank one is refused past maxEventSize with a DecodeError, memory bounded by the cap", () =>
      Effect.gen(function* () {
        const { url } = yield* oneLongEvent(64 * MiB)
        globalThis.gc?.()
        const before = process.memoryUsage().rss
        const err = yield* Stream.runDrain(Http.sse(`${url}/`, { retry: Retry.none })).pipe(Effect.flip)
        expect(err).toMatchObject({ _tag: "DecodeError" })
        expect(err.message).toContain("larger than 1048576 characters (maxEventSize)")
        expect(process.memoryUsage().rss - before).toBeLessThan(64 * MiB)
      }).pipe(Effect.provide(layer)))

    it.scoped("a session's maxEventSize applies to its sse, and a request's overrides it", () =>
      Effect.gen(function* () {
        const { url } = yield* oneLongEvent(MiB)
        const api = Http.make({ maxEventSize: 4096, retry: Retry.none })
        const err = yield* Stream.runDrain(api.sse(`${url}/`)).pipe(Effect.flip)
        expect(err.message).toContain("larger than 4096 characters (maxEventSize)")
        const wider = yield* Stream.runDrain(api.sse(`${url}/`, { maxEventSize: 8192 })).pipe(Effect.flip)
        expect(wider.message).toContain("larger than 8192 characters (maxEventSize)")
      }).pipe(Effect.provide(layer)))
  })
}

describe("maxEventSize, exactly", () => {
  // data: "abc" and data: "de" make "abc\nde": 6 characters.
  const events = MockHttp.layer([
    MockHttp.get("/events", MockHttp.text("data: abc\ndata: de\n\n", { headers: { "content-type": "text/event-stream" } }))
  ])
  const once = { retry: Retry.none, maxReconnects: 0 }
  it.effect("an event of exactly maxEventSize characters (its lines and the newline joining them) passes; one more fails; 0 is refused", () =>
    Effect.gen(function* () {
      const fits = yield* collect(Http.sse("https://api.test/events", { ...once, maxEventSize: 6 }))
      expect(fits.map((e) => e.data)).toEqual(["abc\nde"])
      const over = yield* collect(Http.sse("https://api.test/events", { ...once, maxEventSize: 5 })).pipe(Effect.flip)
      expect(over).toMatchObject({ _tag: "DecodeError", url: "https://api.test/events" })
      const invalid = yield* collect(Http.sse("https://api.test/events", { ...once, maxEventSize: 0 })).pipe(Effect.flip)
      expect(invalid).toMatchObject({ _tag: "InvalidRequest" })
    }).pipe(Effect.provide(events)))
})
