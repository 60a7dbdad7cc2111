/**
 * What MockHttp's routes answer with: responses (JSON, text, bytes,
 * streams, redirects) and faults (a refused connection, a server that
 * never answers, a delay, a reset mid-body), and their sequences. Part of
 * the `MockHttp` namespace.
 *
 * @since 0.1.0
 */
import type * as Durations from "#line/duration"
import type * as Stream from "effect/Stream"
import * as Model from "./internal/testing/mock/model.js"
import * as Sse from "./internal/testing/mock/sse.js"

/**
 * A response, or a fault, that a route answers with.
 *
 * @example
 * ```ts
 * import { MockHttp } from "effect-requests/testing"
 *
 * const answer: MockHttp.Response = MockHttp.json({ id: 1 }, { status: 201 })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Response = Model.MockResponse

/**
 * Status and headers of a response.
 *
 * @example
 * ```ts
 * import { MockHttp } from "effect-requests/testing"
 *
 * const init: MockHttp.Init = { status: 404, headers: { "x-request-id": "r1" } }
 * const missing = MockHttp.json({ message: "Not Found" }, init)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Init extends Model.Init {}

/**
 * A JSON response (status 200 unless `init` says otherwise).
 *
 * @example
 * ```ts
 * import { MockHttp } from "effect-requests/testing"
 *
 * const route = MockHttp.get("/users/:name", (req) => MockHttp.json({ login: req.params.name }))
 * ```
 *
 * @since 0.1.0
 * @category responses
 */
export const json = (body: unknown, init: Init = {}): Response =>
  Model.reply(init.status ?? 200, { "content-type": "application/json", ...init.headers }, JSON.stringify(body))

/**
 * A text response.
 *
 * @example
 * ```ts
 * import { MockHttp } from "effect-requests/testing"
 *
 * const route = MockHttp.get("/robots.txt", MockHttp.text("User-agent: *"))
 * ```
 *
 * @since 0.1.0
 * @category responses
 */
export const text = (body: string, init: Init = {}): Response =>
  Model.reply(init.status ?? 200, { "content-type": "text/plain; charset=utf-8", ...init.headers }, body)

/**
 * A response with a status and no body.
 *
 * @example
 * ```ts
 * import { MockHttp } from "effect-requests/testing"
 *
 * const route = MockHttp.del("/users/:name", MockHttp.status(204))
 * ```
 *
 * @since 0.1.0
 * @category responses
 */
export const status = (code: number, init: Omit<Init, "status"> = {}): Response => Model.reply(code, { ...init.headers }, undefined)

/**
 * A binary response.
 *
 * @example
 * ```ts
 * import { MockHttp } from "effect-requests/testing"
 *
 * const route = MockHttp.get("/logo.png", MockHttp.bytes(new Uint8Array([137, 80, 78, 71])))
 * ```
 *
 * @since 0.1.0
 * @category responses
 */
export const bytes = (body: Uint8Array, init: Init = {}): Response =>
  Model.reply(init.status ?? 200, { "content-type": "application/octet-stream", ...init.headers }, body)

/**
 * A response whose body is a stream, sent as it comes.
 *
 * @example
 * ```ts
 * import { Stream } from "effect"
 * import { MockHttp } from "effect-requests/testing"
 *
 * const lines = Stream.make("a\n", "b\n").pipe(Stream.encodeText)
 * const route = MockHttp.get("/events", MockHttp.stream(lines))
 * ```
 *
 * @since 0.1.0
 * @category responses
 */
export const stream = (body: Stream.Stream<Uint8Array, unknown>, init: Init = {}): Response =>
  Model.reply(init.status ?? 200, { ...init.headers }, body)

/**
 * A redirect to `location` (302 unless told otherwise).
 *
 * @example
 * ```ts
 * import { MockHttp } from "effect-requests/testing"
 *
 * const route = MockHttp.get("/old", MockHttp.redirect("/new", 301))
 * ```
 *
 * @since 0.1.0
 * @category responses
 */
export const redirect = (location: string, code = 302): Response => Model.reply(code, { location }, undefined)

/**
 * A connection that fails (`ConnectionError`). The code is `ECONNRESET`
 * unless given; `ECONNREFUSED` means nothing reached the server, which
 * retries treat as safe for any method.
 *
 * @example
 * ```ts
 * import { MockHttp } from "effect-requests/testing"
 *
 * const route = MockHttp.get("/flaky", MockHttp.connectionError())
 * ```
 *
 * @since 0.1.0
 * @category faults
 */
export const connectionError = (options: { readonly code?: string } = {}): Response =>
  Model.response({ _tag: "ConnectionError", code: options.code ?? "ECONNRESET" })

/**
 * A server that never answers: with a request `timeout`, a `TimeoutError`.
 *
 * @example
 * ```ts
 * import { MockHttp } from "effect-requests/testing"
 *
 * const route = MockHttp.get("/hang", MockHttp.timeout())
 * ```
 *
 * @since 0.1.0
 * @category faults
 */
export const timeout = (): Response => Model.response({ _tag: "Timeout" })

/**
 * A response that comes after a delay, in Effect's time (so `TestClock`
 * drives it).
 *
 * @example
 * ```ts
 * import { MockHttp } from "effect-requests/testing"
 *
 * const route = MockHttp.get("/slow", MockHttp.delay("2 seconds", MockHttp.json({ ok: true })))
 * ```
 *
 * @since 0.1.0
 * @category faults
 */
export const delay = (duration: Durations.Input, then: Response): Response =>
  Model.response({ _tag: "Delay", duration, response: then })

/**
 * Headers, then the body cut off mid-stream: reading it is a
 * `ConnectionError`.
 *
 * @example
 * ```ts
 * import { MockHttp } from "effect-requests/testing"
 *
 * const route = MockHttp.get("/download", MockHttp.reset())
 * ```
 *
 * @since 0.1.0
 * @category faults
 */
export const reset = (init: Init & { readonly partial?: string } = {}): Response =>
  Model.response({
    _tag: "Reset",
    status: init.status ?? 200,
    headers: { ...init.headers },
    partial: new TextEncoder().encode(init.partial ?? "{\"partial\":")
  })

/**
 * Answers each call with the next step, a response or a handler of the
 * request; the last one repeats.
 *
 * @example
 * ```ts
 * import { MockHttp } from "effect-requests/testing"
 *
 * const route = MockHttp.post("/jobs", MockHttp.sequence([
 *   MockHttp.status(503),
 *   (req) => MockHttp.json({ accepted: req.json }, { status: 201 })
 * ]))
 * ```
 *
 * @since 0.1.0
 * @category responses
 */
export const sequence = (responses: ReadonlyArray<Model.Handler<never>>): Response =>
  responses.length === 0 ? status(500) : Model.response({ _tag: "Sequence", responses })

/**
 * Answers `n` calls, then lets later calls fall through to the next
 * matching route.
 *
 * @example
 * ```ts
 * import { MockHttp } from "effect-requests/testing"
 *
 * const routes = [
 *   MockHttp.get("/items", MockHttp.times(2, MockHttp.status(429))),
 *   MockHttp.get("/items", MockHttp.json([]))
 * ]
 * ```
 *
 * @since 0.1.0
 * @category responses
 */
export const times = (n: number, then: Response): Response => Model.response({ _tag: "Times", times: n, response: then })

/**
 * One event of `MockHttp.sse`: its data, and maybe a name, an id (its
 * position from "1" unless given) and a `retry:` delay in ms.
 *
 * @example
 * ```ts
 * import { MockHttp } from "effect-requests/testing"
 *
 * const event: MockHttp.SseEvent = { event: "tick", data: "{\"n\":1}", retry: 1000 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface SseEvent extends Sse.SseEvent {}

/**
 * Options of `MockHttp.sse`: `dropAfter` events a connection sends before
 * it is dropped, and more response headers.
 *
 * @example
 * ```ts
 * import { MockHttp } from "effect-requests/testing"
 *
 * const options: MockHttp.SseOptions = { dropAfter: 2 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface SseOptions extends Sse.SseOptions {}

/**
 * A Server-Sent Events endpoint that behaves like a server: it sends the
 * events (a string is an event's data), each with an id; a reconnection
 * with `Last-Event-ID` gets the events after it; once every event has been
 * sent it answers 204, which ends `Http.sse`'s stream instead of replaying
 * the events forever. `dropAfter` drops each connection after that many
 * events, to test resumption.
 *
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { Http } from "effect-requests"
 * import { MockHttp } from "effect-requests/testing"
 *
 * const events = Http.sse("https://api.test/events").pipe(
 *   Stream.map((event) => event.data),
 *   Stream.runCollect,
 *   Effect.provide(MockHttp.layer([MockHttp.get("/events", MockHttp.sse(["one", "two", "three"], { dropAfter: 2 }))]))
 * )
 * ```
 *
 * @since 0.1.0
 * @category responses
 */
export const sse = (events: ReadonlyArray<string | SseEvent>, options: SseOptions = {}): Model.Handler<never> => Sse.sse(events, options)
