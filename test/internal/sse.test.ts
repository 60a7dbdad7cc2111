import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, Schema, Stream } from "effect"
import { Http, Retry } from "effect-requests"
import { MockHttp } from "effect-requests/testing"
import * as Sse from "../../src/internal/sse.js"
import { collect, fork, TestClock } from "#testline"

// The event-stream rules one by one (WHATWG HTML §9.2): the parser on
// lines, then the reconnecting stream over MockHttp. test/sse.test.ts
// has the same through whole streams on every transport.

const parse = (lines: ReadonlyArray<string>, maxEventSize?: number, source?: Sse.Source) =>
  collect(Sse.parse(Stream.fromIterable(lines), { lastEventId: undefined, retryMillis: undefined }, maxEventSize, source))

const quick = Retry.policy({ times: 2, base: "1 second", jitter: false })

describe("the event-stream parser", () => {
  it.effect("a comment is no field; a blank line without data dispatches nothing and forgets the event type", () =>
    Effect.gen(function* () {
      const events = yield* parse([": data: not this", "event: named", "", "data: a", ""])
      expect(events).toEqual([{ id: undefined, event: "message", data: "a", retry: undefined }])
      // A dispatched event's type does not carry over to the next one.
      const two = yield* parse(["event: named", "data: a", "", "data: b", ""])
      expect(two.map((e) => e.event)).toEqual(["named", "message"])
    }))

  it.effect("retry: is a whole number of milliseconds, nothing else", () =>
    Effect.gen(function* () {
      for (const value of ["100x", "x100", "1.5", "-1", ""]) {
        const [event] = yield* parse([`retry: ${value}`, "data: a", ""])
        expect(event!.retry, value).toBeUndefined()
      }
      const [event] = yield* parse(["retry: 250", "data: a", ""])
      expect(event!.retry).toBe(250)
    }))

  it.effect("maxEventSize counts the data lines and the newlines joining them, exactly", () =>
    Effect.gen(function* () {
      const lines = ["data: aa", "data: bb", "data: cc", ""]
      expect((yield* parse(lines, 8))[0]!.data).toBe("aa\nbb\ncc")
      const error = yield* parse(lines, 7, { method: "GET", url: "https://api.test/events", status: 200 }).pipe(Effect.flip)
      expect(error).toMatchObject({
        _tag: "DecodeError",
        method: "GET",
        url: "https://api.test/events",
        status: 200,
        issue: { path: [], message: "an event is larger than 7 characters (maxEventSize)" },
        body: "aa\nbb"
      })
    }))

  it.effect("the error keeps at most 4096 characters of the event's data", () =>
    Effect.gen(function* () {
      const line = `data: ${"x".repeat(3000)}`
      const error = yield* parse([line, line, line, line], 10_000).pipe(Effect.flip)
      expect(error).toMatchObject({ _tag: "DecodeError", body: `${"x".repeat(3000)}\n${"x".repeat(1095)}` })
    }))

  it.effect("without a source, the error names a GET with status 200", () =>
    Effect.gen(function* () {
      const error = yield* parse(["data: toolong"], 3).pipe(Effect.flip)
      expect(error).toMatchObject({ method: "GET", url: "", status: 200 })
    }))
})

describe("decodeEvent", () => {
  const Tick = Schema.Struct({ n: Schema.Number })
  const event = (data: string, id?: string): Http.SseEvent => ({ id, event: "message", data, retry: undefined })

  it.effect("data that is not JSON is a DecodeError naming the event and keeping its data", () =>
    Effect.gen(function* () {
      const error = yield* Http.decodeEvent(Tick)(event("{oops", "9")).pipe(Effect.flip)
      expect(error).toMatchObject({ _tag: "DecodeError", method: "GET", url: "", status: 200, body: "{oops" })
      expect(error.issue.path).toEqual([])
      expect(error.issue.message).toMatch(/^event 9: data is not JSON: ./)
    }))

  it.effect("data that does not match the schema is a DecodeError with the path, for an event without id too", () =>
    Effect.gen(function* () {
      const error = yield* Http.decodeEvent(Tick)(event(`{"n":"x"}`)).pipe(Effect.flip)
      expect(error.issue.path).toEqual(["n"])
      expect(error.issue.message).toMatch(/^event \(no id\): ./)
      expect(yield* Http.decodeEvent(Tick)(event(`{"n":1}`))).toEqual({ n: 1 })
      const long = yield* Http.decodeEvent(Tick)(event(`"${"x".repeat(5000)}"`)).pipe(Effect.flip)
      expect(long.body).toHaveLength(4096)
    }))
})

describe("the reconnecting stream", () => {
  const events = (...texts: ReadonlyArray<string>) => MockHttp.stream(Stream.make(...texts).pipe(Stream.encodeText), { headers: { "content-type": "text/event-stream" } })

  it.effect("asks for an event stream, uncached, and sends Last-Event-ID only when there is a non-empty id", () =>
    Effect.gen(function* () {
      const fiber = yield* Http.sse("https://api.test/events", { backoff: quick }).pipe(Stream.take(3), collect, fork)
      yield* TestClock.adjust("1 minute")
      expect((yield* Fiber.join(fiber)).map((e) => e.data)).toEqual(["a", "b", "c"])
      const calls = yield* MockHttp.calls
      expect(calls.map((call) => [call.headers["accept"], call.headers["cache-control"]])).toEqual(Array(3).fill(["text/event-stream", "no-cache"]))
      expect(calls.map((call) => call.headers["last-event-id"])).toEqual([undefined, "7", undefined])
    }).pipe(Effect.provide(MockHttp.layer([
      MockHttp.get("/events", MockHttp.sequence([events("id: 7\ndata: a\n\n"), events("id\ndata: b\n\n"), events("data: c\n\n")]))
    ]))))

  it.effect("a dropped connection or a timeout is reconnected after even when the policy lists neither", () =>
    Effect.gen(function* () {
      const fiber = yield* Http.sse("https://api.test/events", {
        retry: Retry.none,
        backoff: Retry.policy({ errors: [], statuses: [], jitter: false, base: "1 second" })
      }).pipe(
        Stream.take(3),
        collect,
        fork
      )
      yield* TestClock.adjust("1 minute")
      expect((yield* Fiber.join(fiber)).map((e) => e.data)).toEqual(["a", "b", "c"])
    }).pipe(Effect.provide(MockHttp.layer([
      MockHttp.get("/events", MockHttp.sequence([events("data: a\n\n"), MockHttp.connectionError(), events("data: b\n\n"), MockHttp.timeout(), events("data: c\n\n")]))
    ]))))

  it.effect("a connection that brought an event starts the count of failed reconnections again", () =>
    Effect.gen(function* () {
      const fiber = yield* Http.sse("https://api.test/events", { backoff: quick, maxReconnects: 1 }).pipe(Stream.take(3), collect, fork)
      yield* TestClock.adjust("1 minute")
      expect((yield* Fiber.join(fiber)).map((e) => e.data)).toEqual(["a", "b", "c"])
    }).pipe(Effect.provide(MockHttp.layer([
      MockHttp.get("/events", MockHttp.sequence([events("data: a\n\n"), events("data: b\n\n"), events("data: c\n\n")]))
    ]))))

  it.effect("an oversize event names the URL it came from", () =>
    Effect.gen(function* () {
      const error = yield* Http.sse("https://api.test/events", { maxEventSize: 2 }).pipe(Stream.runDrain, Effect.flip)
      expect(error).toMatchObject({ _tag: "DecodeError", method: "GET", url: "https://api.test/events", status: 200 })
    }).pipe(Effect.provide(MockHttp.layer([MockHttp.get("/events", events("data: abc\n\n"))]))))

  it.effect("maxEventSize of 1 is allowed; under 1 is an InvalidRequest before anything is sent", () =>
    Effect.gen(function* () {
      const error = yield* Http.sse("https://api.test/events", { maxEventSize: 0.5 }).pipe(Stream.runDrain, Effect.flip)
      expect(error).toMatchObject({
        _tag: "InvalidRequest",
        method: "GET",
        url: "https://api.test/events",
        reason: "maxEventSize must be a number of characters"
      })
      expect(yield* MockHttp.calls).toEqual([])
      const [event] = yield* Http.sse("https://api.test/events", { maxEventSize: 1 }).pipe(Stream.take(1), collect)
      expect(event!.data).toBe("a")
    }).pipe(Effect.provide(MockHttp.layer([MockHttp.get("/events", events("data: a\n\n"))]))))
})
