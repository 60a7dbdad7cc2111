import { HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Stream } from "effect"
import { NodeResponse, type Source } from "../../../src/internal/node/response.js"
import { collect } from "#testline"

const idleSource = (): Source => ({ pause() {}, resume() {}, abort() {}, settle() {}, aborted: () => undefined })

describe("NodeResponse stream", () => {
  it.live("socket reads of one event-loop turn reach the reader as one chunk", () =>
    Effect.gen(function* () {
      const response = new NodeResponse(HttpClientRequest.get("http://127.0.0.1/"), 200, {}, idleSource(), false, "1.1")
      const piece = new Uint8Array(1024)
      // Eight reads in one turn, with microtasks run between them as Node
      // runs them between socket callbacks; then the end, a turn later.
      setImmediate(async () => {
        for (let i = 0; i < 8; i++) {
          response.push(piece)
          for (let tick = 0; tick < 10; tick++) await null
        }
        setImmediate(() => response.end())
      })
      const pulls = yield* collect(Stream.mapChunks(response.stream, (chunk) => Chunk.of(chunk.length)))
      expect((pulls)).toEqual([8])
    }))
})
