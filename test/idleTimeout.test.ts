import type * as HttpClient from "#line/http/HttpClient"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, Schema, Stream } from "effect"
import { Http, type HttpError, Retry } from "effect-requests"
import { MockHttp, TestServer } from "effect-requests/testing"
import { eachTransport, httpServer, transports } from "./helpers.js"
import { collect, fork, TestClock } from "#testline"

// `idleTimeout`: the longest wait for a streamed body's next bytes, on
// every way of reading one as it arrives. Virtual time over MockHttp, and
// a loopback server that stalls after its first chunk for the real
// transports.

const encoder = new TextEncoder()
/** A body of `first`, then nothing for `stallFor` (forever by default), then `rest`. */
const stalling = (first: string, stallFor: Parameters<typeof Effect.sleep>[0] | undefined = undefined, rest = "") =>
  Stream.concat(
    Stream.make(encoder.encode(first)),
    Stream.fromEffect(stallFor === undefined ? Effect.never : Effect.as(Effect.sleep(stallFor), encoder.encode(rest)))
  )

/** The outcome of `effect` once virtual time has moved on a minute. */
const settled = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const fiber = yield* fork(Effect.flip(effect))
    yield* TestClock.adjust("1 minute")
    return yield* Fiber.join(fiber)
  })

describe("idleTimeout", () => {
  const layer = MockHttp.layer([
    MockHttp.get("/stall", MockHttp.stream(stalling("{\"n\":1}\n"), { headers: { "content-type": "application/x-ndjson" } }))
  ])

  it.effect("stream, lines and NDJSON fail with a TimeoutError of phase idle when the body stalls after its first chunk", () =>
    Effect.gen(function* () {
      const get = Http.get("https://api.test/stall", { idleTimeout: "2 seconds" })
      const reads: ReadonlyArray<Effect.Effect<unknown, HttpError.HttpError, HttpClient.HttpClient>> = [
        Effect.flatMap(get, (res) => collect(res.stream)),
        Effect.flatMap(get, (res) => collect(res.lines)),
        collect(Http.make().ndjson("https://api.test/stall", Schema.Struct({ n: Schema.Number }), { idleTimeout: "2 seconds" }))
      ]
      for (const read of reads) {
        const error = yield* settled(read)
        expect(error).toMatchObject({ _tag: "TimeoutError", phase: "idle" })
        expect(error.message).toContain("no bytes within 2s")
      }
    }).pipe(Effect.provide(layer)))

  it.effect("it bounds each wait, not the whole body: chunks a second apart under a 2 s idle timeout all arrive", () =>
    Effect.gen(function* () {
      const fiber = yield* fork(Effect.flatMap(Http.get("https://api.test/slow", { idleTimeout: "2 seconds" }), (res) => collect(res.lines)))
      yield* TestClock.adjust("1 minute")
      expect(yield* Fiber.join(fiber)).toEqual(["a", "b", "c", "d", "e"])
    }).pipe(Effect.provide(MockHttp.layer([
      MockHttp.get("/slow", MockHttp.stream(Stream.fromIterable(["a\n", "b\n", "c\n", "d\n", "e\n"]).pipe(
        Stream.mapEffect((line) => Effect.as(Effect.sleep("1 second"), encoder.encode(line)))
      )))
    ]))))

  it.effect("an event stream that goes quiet reconnects, with Last-Event-ID", () =>
    Effect.gen(function* () {
      const fiber = yield* fork(collect(Http.sse("https://api.test/events", {
        idleTimeout: "5 seconds",
        backoff: Retry.policy({ jitter: false, base: "1 second" })
      }).pipe(Stream.take(2))))
      yield* TestClock.adjust("1 minute")
      expect((yield* Fiber.join(fiber)).map((event) => event.data)).toEqual(["one", "two"])
      expect((yield* MockHttp.calls).map((call) => [call.at, call.headers["last-event-id"]])).toEqual([[0, undefined], [6000, "1"]])
    }).pipe(Effect.provide(MockHttp.layer([
      MockHttp.get("/events", MockHttp.sequence([
        MockHttp.stream(stalling("id: 1\ndata: one\n\n"), { headers: { "content-type": "text/event-stream" } }),
        MockHttp.stream(stalling("id: 2\ndata: two\n\n"), { headers: { "content-type": "text/event-stream" } })
      ]))
    ]))))

  it.effect("a session's idleTimeout holds for its streams; an idleTimeout that is not a duration is refused", () =>
    Effect.gen(function* () {
      const session = Http.make({ idleTimeout: "2 seconds" })
      const error = yield* settled(Effect.flatMap(session.get("https://api.test/stall"), (res) => collect(res.stream)))
      expect(error).toMatchObject({ _tag: "TimeoutError", phase: "idle" })
      const invalid = yield* Http.get("https://api.test/stall", { idleTimeout: 0 }).pipe(Effect.flip)
      expect(invalid).toMatchObject({ _tag: "InvalidRequest", reason: "idleTimeout is not a valid duration" })
    }).pipe(Effect.provide(layer)))

  for (const [name, transport] of transports) {
    it.scopedLive(`[${name}] a loopback server that stalls after its first chunk is stopped`, () =>
      Effect.gen(function* () {
        const { url } = yield* httpServer((_req, res) => {
          res.writeHead(200, { "content-type": "text/plain" })
          res.write("first\n")
        })
        const error = yield* Effect.flatMap(Http.get(`${url}/`, { idleTimeout: "300 millis" }), (res) => collect(res.lines)).pipe(
          Effect.flip,
          Effect.provide(transport)
        )
        expect(error).toMatchObject({ _tag: "TimeoutError", phase: "idle" })
      }))
  }
})

eachTransport((e2e, transport) => {
  it.scopedLive(`[${transport}] an event stream of the test server that goes quiet reconnects and resumes`, () =>
    Effect.gen(function* () {
      const base = yield* TestServer.url
      const events = yield* collect(Http.sse(`${base}/sse?count=4&stall_after=2`, {
        idleTimeout: "300 millis",
        backoff: Retry.policy({ base: "10 millis" })
      }))
      expect(events.map((event) => event.id)).toEqual(["1", "2", "3", "4"])
    }).pipe(Effect.provide(e2e)))
})
