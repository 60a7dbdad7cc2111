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
import * as Option from "effect/Option"
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

/**
 * The events of one connection. Lines arrive already split on any line
 * ending, with a leading BOM removed by the UTF-8 decoder.
 *
 * @internal
 */
export const parse = (lines: Stream.Stream<string, HttpError.HttpError>, resume: Resume): Stream.Stream<Http.SseEvent, HttpError.HttpError> =>
  Stream.suspend(() => {
    let data: Array<string> = []
    let event = ""
    return Streams.filterMap(lines, (line): Option.Option<Http.SseEvent> => {
      if (line === "") {
        if (data.length === 0) {
          event = ""
          return Option.none()
        }
        const dispatched = { id: resume.lastEventId, event: event === "" ? "message" : event, data: data.join("\n"), retry: resume.retryMillis }
        data = []
        event = ""
        return Option.some(dispatched)
      }
      if (line.startsWith(":")) return Option.none()
      const colon = line.indexOf(":")
      const field = colon === -1 ? line : line.slice(0, colon)
      const raw = colon === -1 ? "" : line.slice(colon + 1)
      const value = raw.startsWith(" ") ? raw.slice(1) : raw
      switch (field) {
        case "event":
          event = value
          break
        case "data":
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
      return Option.none()
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
  options: { readonly lastEventId?: string | undefined; readonly maxReconnects?: number | undefined; readonly backoff?: Retry.Policy | undefined }
): Stream.Stream<Http.SseEvent, HttpError.HttpError, HttpClient.HttpClient> => {
  const policy = options.backoff ?? Retry.policy()
  const maxReconnects = options.maxReconnects ?? Infinity
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
              : parse(response.lines, resume).pipe(Stream.tap(() =>
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
  options: Http.SseOptions
): Stream.Stream<Http.SseEvent, HttpError.HttpError, HttpClient.HttpClient> =>
  events((headers) => request("GET", url, { ...options, headers: { ...headers, ...options.headers } }), options)

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
