/**
 * Server-Sent Events (WHATWG HTML §9.2): the event-stream parser, and a
 * stream of events that reconnects after a dropped connection, sending
 * `Last-Event-ID` so that the server resumes where it left off, after the
 * server's `retry:` delay or the backoff of a retry policy.
 *
 * @internal
 */
import * as Streams from "#line/stream"
import type * as HttpClient from "#line/http/HttpClient"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Schemas from "#line/schema"
import * as Stream from "effect/Stream"
import type * as Http from "./types.js"
import * as HttpError from "../HttpError.js"
import * as Retry from "../Retry.js"
import { pause } from "./pause.js"
import { decoder, parseJsonText } from "./decode.js"
import { backoffWait } from "./retry.js"
import { isFinal, isTransient } from "./transient.js"
import { isSafeHeaderValue } from "../core/validate.js"

/**
 * The range a server's `retry:` is held to: no reconnection storm from
 * `retry: 0`, and no wait past what a timer can keep.
 *
 * @internal
 */
export const RETRY_FLOOR_MILLIS = 250
/** @internal */
export const RETRY_CEILING_MILLIS = 5 * 60 * 1000

const serverDelay = (millis: number): Duration.Duration =>
  Duration.millis(Math.min(RETRY_CEILING_MILLIS, Math.max(RETRY_FLOOR_MILLIS, millis)))

/** What the connection has told so far: the last event id and the server's reconnection delay. @internal */
interface Resume {
  lastEventId: string | undefined
  retryMillis: number | undefined
}

/** @internal */
export const DEFAULT_MAX_EVENT_SIZE = 1024 * 1024

/** Where the events come from, for the error that ends a stream at an oversized event. @internal */
export interface Source {
  readonly method: string
  readonly url: string
  readonly status: number
}

/**
 * The events of one connection. Lines arrive already split on any line
 * ending, with a leading BOM removed by the UTF-8 decoder. An event whose
 * data grows past `maxEventSize` characters fails the stream with a
 * `DecodeError`: many short `data:` lines without a blank one would
 * otherwise grow it without bound (`maxLineLength` bounds each line only).
 *
 * @internal
 */
export const parse = (
  lines: Stream.Stream<string, HttpError.HttpError>,
  resume: Resume,
  maxEventSize: number = DEFAULT_MAX_EVENT_SIZE,
  source: Source = { method: "GET", url: "", status: 200 }
): Stream.Stream<Http.SseEvent, HttpError.HttpError> =>
  Stream.suspend(() => {
    let data: Array<string> = []
    // The characters the event's data will have: its lines and the newlines joining them.
    let size = 0
    let event = ""
    const none: ReadonlyArray<Http.SseEvent> = []
    const tooLarge = () =>
      new HttpError.DecodeError({
        ...source,
        issue: { path: [], message: `an event is larger than ${maxEventSize} characters (maxEventSize)` },
        body: data.join("\n").slice(0, 4096)
      })
    return Streams.flatMapIterable(lines, (line): Effect.Effect<ReadonlyArray<Http.SseEvent>, HttpError.DecodeError> => {
      if (line === "") {
        if (data.length === 0) {
          event = ""
          return Effect.succeed(none)
        }
        const dispatched = { id: resume.lastEventId, event: event === "" ? "message" : event, data: data.join("\n"), retry: resume.retryMillis }
        data = []
        size = 0
        event = ""
        return Effect.succeed([dispatched])
      }
      // A comment (":…") has an empty field name, which the switch ignores.
      const colon = line.indexOf(":")
      const field = colon === -1 ? line : line.slice(0, colon)
      const raw = colon === -1 ? "" : line.slice(colon + 1)
      const value = raw.startsWith(" ") ? raw.slice(1) : raw
      switch (field) {
        case "event":
          event = value
          break
        case "data":
          size += value.length + (data.length === 0 ? 0 : 1)
          if (size > maxEventSize) return Effect.fail(tooLarge())
          data.push(value)
          break
        case "id":
          // An id that cannot go back as Last-Event-ID would make every
          // reconnection fail before it is sent.
          if (isSafeHeaderValue(value)) resume.lastEventId = value
          break
        case "retry":
          if (/^\d+$/.test(value)) resume.retryMillis = Number(value)
          break
      }
      return Effect.succeed(none)
    })
  })

const Ended = Symbol("ended")
const Done = Symbol("done")
type Stop = typeof Ended | typeof Done

// A dropped connection and a timeout are always worth reconnecting after
// (an event stream outlives outages), and so is what the policy calls transient.
const isDrop = (error: HttpError.HttpError, policy: Retry.Policy): boolean =>
  ((error._tag === "ConnectionError" || error._tag === "TimeoutError") && !isFinal(error)) || isTransient(policy, error)

/** @internal */
export const events = (
  request: (headers: Readonly<Record<string, string>>) => Http.Request,
  options: {
    readonly lastEventId?: string | undefined
    readonly maxReconnects?: number | undefined
    readonly backoff?: Retry.Policy | undefined
    readonly maxEventSize?: number | undefined
  }
): Stream.Stream<Http.SseEvent, HttpError.HttpError, HttpClient.HttpClient> => {
  const policy = options.backoff ?? Retry.policy()
  const maxReconnects = options.maxReconnects ?? Infinity
  const maxEventSize = options.maxEventSize ?? DEFAULT_MAX_EVENT_SIZE
  return Stream.suspend(() => {
    const resume: Resume = { lastEventId: options.lastEventId, retryMillis: undefined }
    // Until a connection has opened once, a stream gives up like a request
    // does (the policy's retries): an endpoint that never answers is not
    // an outage to outlive.
    let connected = false
    const connect = (failures: number): Stream.Stream<Http.SseEvent, HttpError.HttpError, HttpClient.HttpClient> =>
      Stream.suspend(() => {
        let received = false
        const headers: Record<string, string> = { accept: "text/event-stream", "cache-control": "no-cache" }
        if (resume.lastEventId !== undefined && resume.lastEventId !== "") headers["last-event-id"] = resume.lastEventId
        // The server says "stop" with 204 No Content (WHATWG §9.2.3).
        const opened: Stream.Stream<Http.SseEvent, HttpError.HttpError | Stop, HttpClient.HttpClient> = Stream.unwrap(
          Effect.map(request(headers), (response): Stream.Stream<Http.SseEvent, HttpError.HttpError | Stop> => {
            connected = true
            return response.status === 204
              ? Stream.fail(Done)
              : parse(response.lines, resume, maxEventSize, { method: "GET", url: response.url, status: response.status }).pipe(Stream.tap(() =>
                Effect.sync(() => {
                  received = true
                })))
          })
        )
        const again = (cause: HttpError.HttpError | undefined) =>
          Stream.suspend(() => {
            const tries = received ? 1 : failures + 1
            const limit = connected ? maxReconnects : Math.min(maxReconnects, policy.times)
            if (tries > limit) return cause === undefined ? Stream.empty : Stream.fail(cause)
            const wait = resume.retryMillis !== undefined
              ? Effect.succeed(serverDelay(resume.retryMillis))
              : backoffWait(policy, tries)
            const waited = Effect.flatMap(wait, (delay) => pause(delay, "an event stream's reconnection"))
            return Stream.drain(Stream.fromEffect(waited)).pipe(Stream.concat(connect(tries)))
          })
        return opened.pipe(
          Stream.concat(Stream.fail<Stop>(Ended)),
          (stream) => Streams.catchAll(stream, (stop): Stream.Stream<Http.SseEvent, HttpError.HttpError, HttpClient.HttpClient> => {
            if (stop === Done) return Stream.empty
            if (stop === Ended) return again(undefined)
            return isDrop(stop, policy) ? again(stop) : Stream.fail(stop)
          })
        )
      })
    return connect(0)
  })
}

/**
 * `Http.sse`: events of a GET of `url` sent with `request`, the stream's
 * own headers under the caller's.
 *
 * @internal
 */
export const open = (
  request: (method: Http.Method, url: string | URL, options: Http.Options) => Http.Request,
  url: string | URL,
  options: Http.SseOptions,
  /** The session's `maxEventSize`, when it sets one. */
  sessionMaxEventSize?: number | undefined
): Stream.Stream<Http.SseEvent, HttpError.HttpError, HttpClient.HttpClient> => {
  const maxEventSize = options.maxEventSize ?? sessionMaxEventSize
  if (maxEventSize !== undefined && !(maxEventSize >= 1)) {
    return Stream.fail(new HttpError.InvalidRequest({ method: "GET", url: String(url), reason: "maxEventSize must be a number of characters" }))
  }
  return events((headers) => request("GET", url, { ...options, headers: { ...headers, ...options.headers } }), { ...options, maxEventSize })
}

/** @internal */
export const decodeData = <A, I, R>(schema: Schemas.Codec<A, I, R>) => {
  const decode = decoder(schema)
  return (event: Http.SseEvent): Effect.Effect<A, HttpError.DecodeError, R> => {
    const fail = (message: string, path: ReadonlyArray<PropertyKey> = []) =>
      new HttpError.DecodeError({
        method: "GET",
        url: "",
        status: 200,
        issue: { path, message: `event ${event.id ?? "(no id)"}: ${message}` },
        body: event.data.slice(0, 4096)
      })
    let json: unknown
    try {
      json = parseJsonText(event.data)
    } catch (cause) {
      return Effect.fail(fail(`data is not JSON: ${cause instanceof Error ? cause.message : String(cause)}`))
    }
    return Effect.mapError(decode(json), (issue) => fail(issue.message, issue.path))
  }
}
