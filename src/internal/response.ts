/**
 * The response a user holds: status and headers at once, the body read on
 * demand, at most once from the wire (buffered reads are cached, so `json`
 * after `text` works), bounded by `maxBodySize` and by what is left of the
 * attempt's timeout.
 *
 * @internal
 */
import * as Client from "#line/client"
import * as Streams from "#line/stream"
import * as Effects from "#line/effect"
import * as Cookies from "#line/http/Cookies"
import type * as Headers from "#line/http/Headers"
import type * as HttpClientResponse from "#line/http/HttpClientResponse"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { NodeInspectSymbol } from "effect/Inspectable"
import type * as Schemas from "#line/schema"
import * as Stream from "effect/Stream"
import type * as Http from "./types.js"
import * as HttpError from "../HttpError.js"
import * as Decode from "./decode.js"
import { asDeadline } from "./callDeadline.js"
import { TransportResponse } from "./transportResponse.js"
import { fromPlatform } from "./platformError.js"
import * as Progress from "./progress.js"
import * as Metrics from "./metrics.js"
import { type Capped, concat, declaredLength, decodeText, readCapped } from "./readBody.js"
import { redactHeaders, redactUrl } from "../core/redact.js"
import { isSuccess, statusText } from "../core/status.js"
import { lines } from "./streaming.js"
import { asUtf8 } from "./redirect.js"

/** What a response needs to know of the attempt that produced it. @internal */
export interface Attempt {
  readonly method: string
  readonly redirects: ReadonlyArray<string>
  /** The redirect responses before this one (shared with `redirects`' chain). */
  readonly history: ReadonlyArray<Http.Redirected>
  /** From the send of this response's request to its headers, by Effect's Clock. */
  readonly elapsedMillis: number
  /** Epoch millis by Effect's Clock when the attempt must be over; Infinity for none. */
  readonly deadline: number
  readonly timeoutMillis: number
  readonly maxBodySize: number
  readonly maxLineLength: number
  readonly onProgress: ((progress: Http.Progress) => Effect.Effect<void>) | undefined
  /** The call's deadline, in millis, when it bounds the attempt: a body read past it fails as the call's. */
  readonly callBound: number | undefined
  /** The longest wait for a streamed body's next bytes; Infinity for none. */
  readonly idleTimeoutMillis: number
}

/**
 * Who else wants the body once its reader has read it to its end (the
 * cache): given a copy of the whole body, read whole or streamed, when it
 * is no longer than `limit`. It never changes what the reader sees.
 *
 * @internal
 */
export interface BodyTee {
  readonly limit: number
  readonly whole: (body: Uint8Array) => Effect.Effect<void>
}

class ResponseHeaders implements Http.ResponseHeaders {
  constructor(readonly record: Headers.Headers) {}
  get(name: string): string | undefined {
    return this.record[name.toLowerCase()]
  }
  has(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.record, name.toLowerCase())
  }
  *[Symbol.iterator](): IterableIterator<[string, string]> {
    for (const name of Object.keys(this.record)) yield [name, this.record[name]!]
  }
  toJSON(): unknown {
    return redactHeaders(this.record)
  }
  [NodeInspectSymbol](): unknown {
    return this.toJSON()
  }
}

/**
 * The raw body as a stream of our errors; an absent body is an empty
 * stream. `timed` keeps a transport's timer running (for our bounded
 * reads); otherwise the stream is the caller's to pace.
 *
 * @internal
 */
export const rawStream = (
  raw: HttpClientResponse.HttpClientResponse,
  method: string,
  url: string,
  timed: boolean
): Stream.Stream<Uint8Array, HttpError.HttpError> => {
  const body = timed && raw instanceof TransportResponse ? raw.timedStream : raw.stream
  return Streams.catchAll(body, (error) =>
    Client.describe(error).kind === "EmptyBody" ? Stream.empty : Stream.fail(fromPlatform(error, method, url)))
}

/**
 * The body read into memory, at most `limit` bytes. When the response says
 * its length and is not compressed, the transport's own buffered read is
 * used (the transport enforces Content-Length, so it cannot exceed it): far
 * cheaper than pulling a stream. Otherwise the stream is pulled and
 * abandoned past the limit.
 *
 * @internal
 */
export const readBody = (
  raw: HttpClientResponse.HttpClientResponse,
  limit: number,
  method: string,
  url: string
): Effect.Effect<Capped, HttpError.HttpError> => {
  const length = declaredLength(raw.headers)
  if (length === undefined || length > limit) return readCapped(rawStream(raw, method, url, true), limit)
  if (length === 0) return Effect.succeed({ bytes: new Uint8Array(0), truncated: false })
  return Effect.mapBoth(raw.arrayBuffer, {
    onFailure: (error) => fromPlatform(error, method, url),
    onSuccess: (buffer) => ({ bytes: new Uint8Array(buffer), truncated: false })
  })
}

/**
 * Runs `effect` within what is left of the attempt's deadline, failing with
 * a `TimeoutError` of the given phase when it runs out.
 *
 * @internal
 */
export const withinDeadline = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
  options: {
    readonly deadline: number
    readonly timeoutMillis: number
    readonly method: string
    readonly url: string
    readonly phase: "headers" | "body"
  }
): Effect.Effect<A, E | HttpError.TimeoutError, R> =>
  options.deadline === Infinity ? effect : Effect.flatMap(Clock.currentTimeMillis, (now) =>
    Effects.timeoutFail(effect, Duration.millis(Math.max(0, options.deadline - now)), () =>
      new HttpError.TimeoutError({
        method: options.method,
        url: options.url,
        timeout: Duration.millis(options.timeoutMillis),
        phase: options.phase
      })))

// A body read fails only with a BodyError: the status was checked and the
// URL resolved before the response existed. The shared helpers are typed
// with the whole union; these say what reaches the reader.
const asBodyRead = <A, R>(effect: Effect.Effect<A, HttpError.HttpError, R>) => effect as Effect.Effect<A, HttpError.BodyError, R>
const asBodyStream = <A, R>(stream: Stream.Stream<A, HttpError.HttpError, R>) => stream as Stream.Stream<A, HttpError.BodyError, R>

/**
 * A redirect response as `res.history` keeps it: no body, and its headers
 * printed redacted like a response's.
 *
 * @internal
 */
export const redirected = (raw: HttpClientResponse.HttpClientResponse, url: string, elapsedMillis: number): Http.Redirected => ({
  url,
  status: raw.status,
  statusText: reasonOf(raw),
  headers: new ResponseHeaders(raw.headers),
  elapsed: Duration.millis(elapsedMillis)
})

const shownRedirect = (hop: Http.Redirected) => ({ status: hop.status, url: redactUrl(hop.url), headers: redactHeaders(hop.headers.record) })

/**
 * The reason phrase the server sent, read as UTF-8 where its bytes are
 * (the transports read them as Latin-1); the standard one when none came
 * (HTTP/2 has none, nor do MockHttp and other clients).
 */
const reasonOf = (raw: HttpClientResponse.HttpClientResponse): string => {
  const sent = raw instanceof TransportResponse ? raw.reason : undefined
  return sent === undefined || sent === "" ? statusText(raw.status) : asUtf8(sent)
}

/** @internal */
export class ResponseImpl implements Http.Response {
  readonly status: number
  readonly statusText: string
  readonly ok: boolean
  readonly headers: ResponseHeaders
  cache: Http.CacheStatus | undefined = undefined
  private state: "unread" | "buffered" | "streamed" = "unread"
  /** The result of the one buffered read, once it has ended. */
  private outcome: Exit.Exit<Uint8Array, HttpError.HttpError> | undefined = undefined
  /** Readers waiting while the first one reads. */
  private waiters: Array<(outcome: Exit.Exit<Uint8Array, HttpError.HttpError>) => void> | undefined = undefined
  /** Who gets the body once read to its end; cleared once given. */
  private tee: BodyTee | undefined = undefined

  constructor(
    readonly raw: HttpClientResponse.HttpClientResponse,
    readonly url: string,
    private readonly attempt: Attempt
  ) {
    this.status = raw.status
    this.statusText = reasonOf(raw)
    this.ok = isSuccess(raw.status)
    this.headers = new ResponseHeaders(raw.headers)
  }

  get redirects(): ReadonlyArray<string> {
    return this.attempt.redirects
  }

  get cookies(): Readonly<Record<string, string>> {
    return Cookies.toRecord(this.raw.cookies)
  }

  get history(): ReadonlyArray<Http.Redirected> {
    return this.attempt.history
  }

  get elapsed(): Duration.Duration {
    return Duration.millis(this.attempt.elapsedMillis)
  }

  get httpVersion(): "1.1" | "2" | undefined {
    return this.raw instanceof TransportResponse ? this.raw.httpVersion : undefined
  }

  private alreadyStreamed() {
    return new HttpError.InvalidRequest({
      method: this.attempt.method,
      url: this.url,
      reason: "the body was already read as a stream"
    })
  }

  private interrupted() {
    return new HttpError.InvalidRequest({
      method: this.attempt.method,
      url: this.url,
      reason: "an earlier read of the body was interrupted"
    })
  }

  /**
   * The body's outcome when it is known without waiting: read already, or
   * arrived whole at the transport (a small body usually comes with its
   * headers), which then costs no Effect step to take.
   */
  private settled(): Exit.Exit<Uint8Array, HttpError.HttpError> | undefined {
    if (this.outcome !== undefined || this.state !== "unread") return this.outcome
    const whole = this.raw instanceof TransportResponse ? this.raw.bufferedBody() : undefined
    if (whole === undefined) return undefined
    this.state = "buffered"
    const { maxBodySize, method } = this.attempt
    if (whole.length > maxBodySize) {
      return this.outcome = Exit.fail(new HttpError.BodyTooLarge({ method, url: this.url, limit: maxBodySize }))
    }
    Metrics.recordBytesReceived(method, whole.length)
    return this.outcome = Exit.succeed(whole)
  }

  /**
   * Gives the body, once its reader has read it to its end, to `tee` too.
   * Set before anything reads it.
   *
   * @internal
   */
  teeTo(tee: BodyTee): this {
    this.tee = tee
    return this
  }

  /**
   * The tee's turn, once. It gets bytes of its own (`owned`, or a copy), so
   * that a reader changing its bytes changes nothing the tee kept.
   */
  private giveWhole(body: Uint8Array, owned: boolean): Effect.Effect<void> {
    const tee = this.tee
    this.tee = undefined
    if (tee === undefined || body.length > tee.limit) return Effect.void
    return tee.whole(owned ? body : body.slice())
  }

  get bytes(): Effect.Effect<Uint8Array, HttpError.BodyError> {
    return this.tee === undefined ? this.read : Effect.tap(this.read, (body) => this.giveWhole(body, false))
  }

  private get read(): Effect.Effect<Uint8Array, HttpError.BodyError> {
    return asBodyRead(Effect.suspend(() => {
      const done = this.settled()
      if (done !== undefined) return done
      if (this.waiters !== undefined) {
        const waiters = this.waiters
        return Effects.callback<Uint8Array, HttpError.HttpError>((resume) => void waiters.push(resume))
      }
      if (this.state === "streamed") return Effect.fail(this.alreadyStreamed())
      this.state = "buffered"
      // The first reader reads; any other waits for the same result. (A
      // Deferred per response costs more than the rest of this getter.)
      const waiters: Array<(outcome: Exit.Exit<Uint8Array, HttpError.HttpError>) => void> = []
      this.waiters = waiters
      const { deadline, maxBodySize, method, timeoutMillis } = this.attempt
      const body = Effect.flatMap(
        readBody(this.raw, maxBodySize, method, this.url),
        ({ bytes, truncated }) => {
          Metrics.recordBytesReceived(method, bytes.length)
          return truncated
            ? Effect.fail(new HttpError.BodyTooLarge({ method, url: this.url, limit: maxBodySize }))
            : Effect.succeed(bytes)
        }
      )
      const { callBound } = this.attempt
      const timed = withinDeadline(body, { deadline, timeoutMillis, method, url: this.url, phase: "body" })
      return (callBound === undefined ? timed : Effect.mapError(timed, (error) => asDeadline(error, callBound))).pipe(
        Effect.onExit((exit) =>
          Effect.sync(() => {
            // A reader that was interrupted leaves the body half-read: tell the
            // others so, rather than pass them an interruption of their own.
            const outcome = Effects.isInterrupted(exit) ? Exit.fail(this.interrupted()) : exit
            this.outcome = outcome
            this.waiters = undefined
            for (const resume of waiters) resume(outcome)
          }))
      )
    }))
  }

  /** `use` applied to the body's text: at once when the body is there already. */
  private withText<A, R>(use: (text: string) => Effect.Effect<A, HttpError.BodyError, R>): Effect.Effect<A, HttpError.BodyError, R> {
    return asBodyRead(Effect.suspend((): Effect.Effect<A, HttpError.HttpError, R> => {
      const done = this.tee === undefined ? this.settled() : undefined
      if (done === undefined) return Effect.flatMap(this.bytes, (bytes) => use(this.textOf(bytes)))
      return Exit.isSuccess(done) ? use(this.textOf(done.value)) : Exit.failCause(done.cause)
    }))
  }

  private textOf(bytes: Uint8Array): string {
    return decodeText(bytes, this.headers.get("content-type"))
  }

  get text(): Effect.Effect<string, HttpError.BodyError> {
    return this.withText(Effect.succeed)
  }

  get json(): Effect.Effect<unknown, HttpError.BodyError> {
    return this.withText((text) => Decode.parseJsonEffect(text, this.origin()))
  }

  decode<A, I, R>(schema: Schemas.Codec<A, I, R>): Effect.Effect<A, HttpError.BodyError, R> {
    return this.withText((text) => Decode.decodeJson(schema, text, this.origin()))
  }

  get stream(): Stream.Stream<Uint8Array, HttpError.BodyError> {
    return asBodyStream(Stream.suspend(() => {
      if (this.state === "buffered") return Stream.fromEffect(this.bytes)
      if (this.state === "streamed") return Stream.fail(this.alreadyStreamed())
      this.state = "streamed"
      const { idleTimeoutMillis, method } = this.attempt
      const raw = rawStream(this.raw, method, this.url, false)
      const watched = idleTimeoutMillis === Infinity ? raw : Streams.idleTimeout(raw, idleTimeoutMillis, () =>
        new HttpError.TimeoutError({ method, url: this.url, timeout: Duration.millis(idleTimeoutMillis), phase: "idle" }))
      const body = Streams.tapBatches(watched, (chunks) => {
        let bytes = 0
        for (const chunk of chunks) bytes += chunk.length
        Metrics.recordBytesReceived(method, bytes)
      })
      const teed = this.tee === undefined ? body : this.collect(body, this.tee)
      const report = this.attempt.onProgress
      return report === undefined ? teed : Progress.track(teed, declaredLength(this.raw.headers), report)
    }))
  }

  /**
   * The stream as it is, its chunks also collected for the tee while they
   * stay within its limit; given to it when the stream runs to its end.
   */
  private collect(body: Stream.Stream<Uint8Array, HttpError.HttpError>, tee: BodyTee): Stream.Stream<Uint8Array, HttpError.HttpError> {
    let chunks: Array<Uint8Array> | undefined = []
    let size = 0
    const seen = Streams.tapBatches(body, (batch) => {
      if (chunks === undefined) return
      for (const chunk of batch) {
        size += chunk.length
        if (size > tee.limit) {
          chunks = undefined
          this.tee = undefined
          return
        }
        chunks.push(chunk.slice())
      }
    })
    // The chunks were copied as they passed, and concat copies them again when there are several.
    const ended = Effect.suspend(() => chunks === undefined ? Effect.void : this.giveWhole(concat(chunks, size), true))
    return Stream.concat(seen, Stream.drain(Stream.fromEffect(ended)))
  }

  get lines(): Stream.Stream<string, HttpError.BodyError> {
    return asBodyStream(lines(this.stream, this.attempt.maxLineLength, this.origin()))
  }

  private origin(): Decode.Origin {
    return { method: this.attempt.method, url: this.url, status: this.status }
  }

  toJSON(): unknown {
    return {
      _id: "effect-requests/Response",
      status: this.status,
      url: redactUrl(this.url),
      redirects: this.redirects.map(redactUrl),
      ...(this.history.length === 0 ? {} : { history: this.history.map(shownRedirect) }),
      headers: this.headers.toJSON()
    }
  }

  toString(): string {
    return `Response(${this.status} ${redactUrl(this.url)})`
  }

  [NodeInspectSymbol](): unknown {
    return this.toJSON()
  }
}
