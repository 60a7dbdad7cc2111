import { expect, it } from "@effect/vitest"
import { Effect, Fiber } from "effect"
import { Http } from "effect-requests"
import { MockHttp, TestServer } from "effect-requests/testing"
import { eachTransport } from "./helpers.js"
import { TestClock, fork } from "#testline"

eachTransport((e2e, transport) => {
  it.layer(e2e)(`upload progress of a body held whole [${transport}]`, (it) => {
    // Every kind of body held whole: bytes, text as JSON, a form, multipart
    // with a Blob for a file. Over NodeHttp each 64 KiB slice is reported
    // as undici takes it; fetch exposes no upload progress, so it reports
    // the two points it knows. The request keeps its Content-Length.
    const MB = 1024 * 1024
    const kinds: ReadonlyArray<readonly [string, Http.Options]> = [
      ["bytes", { body: new Uint8Array(MB).fill(7) }],
      ["json", { json: { text: "j".repeat(MB) } }],
      ["form", { form: { text: "f".repeat(MB) } }],
      ["multipart with a Blob", { multipart: { file: { content: new Blob([new Uint8Array(MB).fill(66)]), filename: "a.bin" } } }]
    ]
    for (const [kind, options] of kinds) {
      it.effect(`a ${kind} body reports its upload up to 100%, sent with its Content-Length`, () =>
        Effect.gen(function* () {
          const base = yield* TestServer.url
          const seen: Array<Http.Progress> = []
          const res = yield* Http.post(`${base}/anything`, { ...options, onProgress: (p) => Effect.sync(() => seen.push(p)) })
          const echo = (yield* res.json) as { headers: Record<string, string> }
          const length = Number(echo.headers["Content-Length"])
          expect(length).toBeGreaterThanOrEqual(MB)
          expect(echo.headers["Transfer-Encoding"]).toBeUndefined()
          expect(seen.at(-1)).toEqual({ transferred: length, total: length, percent: 100 })
          const transferred = seen.map((p) => p.transferred)
          expect(transferred).toEqual([...transferred].sort((a, b) => a - b))
          if (transport === "fetch") expect(transferred).toEqual([0, length])
          else expect(seen.length).toBeGreaterThanOrEqual(Math.floor(length / (64 * 1024)))
        }))
    }
  })
})

it.effect("MockHttp reads an upload in reported slices, and a retry sends it again from 0", () =>
  Effect.gen(function* () {
    const layer = MockHttp.layer([MockHttp.put("/file", MockHttp.sequence([MockHttp.status(503), MockHttp.status(204)]))])
    const size = 200 * 1024
    const seen: Array<number> = []
    yield* Effect.gen(function* () {
      const fiber = yield* fork(Http.put("https://a.test/file", {
        body: new Uint8Array(size),
        onProgress: (p) => Effect.sync(() => seen.push(p.transferred))
      }))
      yield* TestClock.adjust("1 minute")
      yield* Fiber.join(fiber)
      yield* MockHttp.expectCalled("PUT", "/file", 2)
    }).pipe(Effect.provide(layer))
    const once = [65536, 131072, 196608, size]
    expect(seen).toEqual([...once, ...once])
  }))
