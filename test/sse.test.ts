import { describe, expect, it, layer } from "@effect/vitest"
import { Effect, Fiber, Schema, Stream } from "effect"
import { Http, Retry } from "effect-requests"
import { MockHttp, TestServer } from "effect-requests/testing"
import { eachTransport } from "./helpers.js"
import { TestClock, collect, fork } from "#testline"

const Tick = Schema.Struct({ n: Schema.Number, multi: Schema.optional(Schema.Boolean) })

describe("the event-stream format", () => {
  const stream = (text: string) =>
    MockHttp.layer([
      MockHttp.get("/events", MockHttp.sequence([MockHttp.stream(Stream.make(text).pipe(Stream.encodeText)), MockHttp.status(204)]))
    ])

  it.effect("BOM, comments, multi-line data, named events, ids, retry and every line ending", () =>
    Effect.gen(function* () {
      const fiber = yield* Http.sse("https://api.test/events").pipe(collect, fork)
      yield* TestClock.adjust("10 seconds")
      const events = yield* Fiber.join(fiber)
      expect((events)).toEqual([
        { id: undefined, event: "message", data: "first\nsecond", retry: undefined },
        { id: "7", event: "update", data: "x", retry: 2500 },
        { id: "7", event: "message", data: "", retry: 2500 }
      ])
    }).pipe(Effect.provide(stream(
      "\uFEFF: comment\r\ndata: first\r\ndata:second\r\n\r\nretry: 2500\nretry: soon\nevent: update\nid: 7\ndata: x\n\n\rdata\r\r"
    ))))

  it.effect("without a server retry, reconnections wait the policy's backoff and give up after maxReconnects", () =>
    Effect.gen(function* () {
      const fiber = yield* Http.sse("https://api.test/down", {
        maxReconnects: 2,
        retry: Retry.none,
        backoff: Retry.policy({ jitter: false, base: "1 second" })
      }).pipe(Stream.runDrain, Effect.flip, fork)
      yield* TestClock.adjust("1 minute")
      expect(yield* Fiber.join(fiber)).toMatchObject({ _tag: "ConnectionError" })
      const times = (yield* MockHttp.calls).map((call) => call.at)
      expect(times).toEqual([0, 1000, 3000])
    }).pipe(Effect.provide(MockHttp.layer([MockHttp.get("/down", MockHttp.connectionError())]))))

  it.effect("a stream that never connects gives up like a request (the policy's retries), even with maxReconnects: Infinity", () =>
    Effect.gen(function* () {
      const fiber = yield* Http.sse("https://api.test/never", { retry: Retry.none }).pipe(Stream.runDrain, Effect.flip, fork)
      yield* TestClock.adjust("1 hour")
      expect(yield* Fiber.join(fiber)).toMatchObject({ _tag: "ConnectionError" })
      expect(yield* MockHttp.calls).toHaveLength(3)
    }).pipe(Effect.provide(MockHttp.layer([MockHttp.get("/never", MockHttp.connectionError())]))))

  it.effect("once connected, a stream outlives more outages in a row than the policy's retries", () =>
    Effect.gen(function* () {
      const fiber = yield* Http.sse("https://api.test/flaky", { retry: Retry.none }).pipe(collect, fork)
      yield* TestClock.adjust("1 hour")
      expect((yield* Fiber.join(fiber)).map((event) => event.data)).toEqual(["up"])
      expect(yield* MockHttp.calls).toHaveLength(7)
    }).pipe(Effect.provide(MockHttp.layer([
      MockHttp.get("/flaky", MockHttp.sequence([
        MockHttp.stream(Stream.make("data: up\n\n").pipe(Stream.encodeText)),
        ...Array.from({ length: 5 }, () => MockHttp.connectionError()),
        MockHttp.status(204)
      ]))
    ]))))

  it.effect("an id that cannot be sent back as Last-Event-ID (above U+00FF, or a control) is ignored: the reconnection still goes out", () =>
    Effect.gen(function* () {
      const fiber = yield* Http.sse("https://api.test/ids").pipe(collect, fork)
      yield* TestClock.adjust("1 minute")
      const events = (yield* Fiber.join(fiber))
      expect(events.map((event) => event.id)).toEqual(["ok", "ok", "ok"])
      const sent = (yield* MockHttp.calls).map((call) => call.headers["last-event-id"])
      expect(sent).toEqual([undefined, "ok"])
    }).pipe(Effect.provide(MockHttp.layer([
      MockHttp.get("/ids", MockHttp.sequence([
        MockHttp.stream(Stream.make("id: ok\ndata: 1\n\nid: caf\u0100\ndata: 2\n\nid: a\u0001b\ndata: 3\n\n").pipe(Stream.encodeText)),
        MockHttp.status(204)
      ]))
    ]))))

  it.effect("the server's retry is held between 250 ms and 5 minutes", () =>
    Effect.gen(function* () {
      const fiber = yield* Http.sse("https://api.test/retry").pipe(collect, fork)
      yield* TestClock.adjust("1 hour")
      expect((yield* Fiber.join(fiber))).toHaveLength(2)
      const times = (yield* MockHttp.calls).map((call) => call.at)
      // retry: 0 waits the floor; retry: 3000000000 (past any timer) waits the ceiling.
      expect(times).toEqual([0, 250, 250 + 5 * 60 * 1000])
    }).pipe(Effect.provide(MockHttp.layer([
      MockHttp.get("/retry", MockHttp.sequence([
        MockHttp.stream(Stream.make("retry: 0\ndata: a\n\n").pipe(Stream.encodeText)),
        MockHttp.stream(Stream.make("retry: 3000000000\ndata: b\n\n").pipe(Stream.encodeText)),
        MockHttp.status(204)
      ]))
    ]))))

  it.effect("decodeEvent names the event whose data does not match", () =>
    Effect.gen(function* () {
      const err = yield* Http.sse("https://api.test/events").pipe(
        Stream.mapEffect(Http.decodeEvent(Tick)),
        Stream.runDrain,
        Effect.flip
      )
      expect(err).toMatchObject({ _tag: "DecodeError" })
      expect(err.message).toContain("event 4")
    }).pipe(Effect.provide(stream("id: 4\ndata: {\"n\":\"four\"}\n\n"))))
})

describe("MockHttp.sse", () => {
  it.effect("a server's event stream: resumed after each drop with Last-Event-ID, ended by 204 once every event was sent", () =>
    Effect.gen(function* () {
      const fiber = yield* Http.sse("https://api.test/events", { backoff: Retry.policy({ base: "1 second", jitter: false }) }).pipe(
        Stream.map((event) => [event.id, event.event, event.data]),
        collect,
        fork
      )
      yield* TestClock.adjust("1 minute")
      expect(yield* Fiber.join(fiber)).toEqual([
        ["1", "message", "one"],
        ["2", "tick", "{\"n\":2}"],
        ["3", "message", "three\nlines"]
      ])
      const calls = yield* MockHttp.calls
      expect(calls.map((call) => call.headers["last-event-id"])).toEqual([undefined, "2", "3"])
    }).pipe(Effect.provide(MockHttp.layer([
      MockHttp.get("/events", MockHttp.sse(["one", { event: "tick", data: "{\"n\":2}" }, "three\nlines"], { dropAfter: 2 }))
    ]))))

  it.effect("given ids are sent and resumed from; an id it never sent starts from the first event", () =>
    Effect.gen(function* () {
      const fiber = yield* Http.sse("https://api.test/events", { lastEventId: "unknown" }).pipe(Stream.map((e) => e.id), collect, fork)
      yield* TestClock.adjust("1 minute")
      expect(yield* Fiber.join(fiber)).toEqual(["a", "b"])
      const resumed = yield* Http.sse("https://api.test/events", { lastEventId: "a" }).pipe(Stream.map((e) => e.id), collect, fork)
      yield* TestClock.adjust("1 minute")
      expect(yield* Fiber.join(resumed)).toEqual(["b"])
    }).pipe(Effect.provide(MockHttp.layer([
      MockHttp.get("/events", MockHttp.sse([{ id: "a", data: "1", retry: 500 }, { id: "b", data: "2" }]))
    ]))))
})

eachTransport((e2e, transport) => {
  // Real time: the server's retry of 5 ms is a real wait.
  layer(e2e, { excludeTestServices: true })(`Server-Sent Events from the loopback httpbin [${transport}]`, (it) => {
    it.effect("a dropped connection resumes from Last-Event-ID: no event lost or duplicated", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const before = (yield* TestServer.received).length
        const ticks = yield* Http.sse(`${base}/sse?count=10&drop_after=3&retry=5`).pipe(
          Stream.mapEffect(Http.decodeEvent(Tick)),
          Stream.map((tick) => tick.n),
          collect
        )
        expect((ticks)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
        const resumedFrom = (yield* TestServer.received).slice(before).map((r) => r.headers["last-event-id"])
        // Dropped after 3, 6 and 9; the stream then ended, and a last call got the 204 that stops it.
        expect(resumedFrom).toEqual([undefined, "3", "6", "9", "10"])
      }))
  })
})
