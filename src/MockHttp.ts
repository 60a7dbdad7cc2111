/**
 * A mock transport for tests: routes that answer with responses or faults,
 * and a record of every call. `MockHttp.layer(routes)` provides the
 * `HttpClient` every verb runs on, so sessions, retries, redirects and
 * timeouts behave exactly as over the network — in virtual time under
 * `TestClock`. A request no route matches fails the test with the request
 * and the nearest routes, never a silent 404.
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Stream from "effect/Stream"
import * as Model from "./internal/testing/mock/model.js"
import * as Router from "./internal/testing/mock/router.js"
import * as MockTransport from "./internal/testing/mock/transport.js"
import * as Transport from "./internal/transport.js"

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
 * The request a handler receives.
 *
 * @example
 * ```ts
 * import { MockHttp } from "effect-requests/testing"
 *
 * const echo = (req: MockHttp.Request) => MockHttp.json({ name: req.params.name, page: req.query.page })
 * const route = MockHttp.get("/users/:name", echo)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Request = Model.MockRequest

/**
 * What a route answers with: a response, or a function of the request that
 * returns one, or an Effect of one (so a handler can use services and Refs).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { MockHttp } from "effect-requests/testing"
 *
 * const handler: MockHttp.Handler = (req) => Effect.succeed(MockHttp.text(`hello ${req.params.name}`))
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Handler<R = never> = Model.Handler<R>

/**
 * A route: a method (or any), a path with `:name` segments (or a full URL,
 * whose origin must match too) and a handler.
 *
 * @example
 * ```ts
 * import { MockHttp } from "effect-requests/testing"
 *
 * const routes: ReadonlyArray<MockHttp.Route> = [MockHttp.get("https://api.test/health", MockHttp.status(204))]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Route<R = never> = Model.Route<R>

/**
 * Options of a route: query parameters and headers it requires.
 *
 * @example
 * ```ts
 * import { MockHttp } from "effect-requests/testing"
 *
 * const options: MockHttp.RouteOptions = { match: { query: { page: "2" }, headers: { authorization: "Bearer t" } } }
 * const route = MockHttp.get("/items", MockHttp.json([]), options)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type RouteOptions = Model.RouteOptions

/**
 * A recorded request.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { MockHttp } from "effect-requests/testing"
 *
 * const bodies = Effect.map(MockHttp.calls, (calls: ReadonlyArray<MockHttp.Call>) => calls.map((c) => c.json))
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Call = Model.Call

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
export type Init = Model.Init

/**
 * The recorder of calls that `MockHttp.layer` provides beside the client.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { MockHttp } from "effect-requests/testing"
 *
 * const count = Effect.flatMap(MockHttp.Calls, (recorder) => Effect.map(recorder.all, (calls) => calls.length))
 * ```
 *
 * @since 0.1.0
 * @category tags
 */
export class Calls extends Context.Tag("effect-requests/MockHttp/Calls")<
  Calls,
  { readonly all: Effect.Effect<ReadonlyArray<Call>> }
>() {}

const response = <T extends Omit<Response, typeof Model.TypeId>>(value: T): T & { readonly [Model.TypeId]: Model.TypeId } =>
  ({ [Model.TypeId]: Model.TypeId, ...value })

const reply = (status: number, headers: Model.HeaderValues, body: Model.Body): Response =>
  response({ _tag: "Reply", status, headers, body })

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
  reply(init.status ?? 200, { "content-type": "application/json", ...init.headers }, JSON.stringify(body))

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
  reply(init.status ?? 200, { "content-type": "text/plain; charset=utf-8", ...init.headers }, body)

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
export const status = (code: number, init: Omit<Init, "status"> = {}): Response => reply(code, { ...init.headers }, undefined)

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
  reply(init.status ?? 200, { "content-type": "application/octet-stream", ...init.headers }, body)

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
  reply(init.status ?? 200, { ...init.headers }, body)

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
export const redirect = (location: string, code = 302): Response => reply(code, { location }, undefined)

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
  response({ _tag: "ConnectionError", code: options.code ?? "ECONNRESET" })

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
export const timeout = (): Response => response({ _tag: "Timeout" })

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
export const delay = (duration: Duration.DurationInput, then: Response): Response =>
  response({ _tag: "Delay", duration, response: then })

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
  response({
    _tag: "Reset",
    status: init.status ?? 200,
    headers: { ...init.headers },
    partial: new TextEncoder().encode(init.partial ?? "{\"partial\":")
  })

/**
 * Answers each call with the next response; the last one repeats.
 *
 * @example
 * ```ts
 * import { MockHttp } from "effect-requests/testing"
 *
 * const route = MockHttp.get("/jobs/1", MockHttp.sequence([MockHttp.status(503), MockHttp.json({ done: true })]))
 * ```
 *
 * @since 0.1.0
 * @category responses
 */
export const sequence = (responses: ReadonlyArray<Response>): Response =>
  responses.length === 0 ? status(500) : response({ _tag: "Sequence", responses })

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
export const times = (n: number, then: Response): Response => response({ _tag: "Times", times: n, response: then })

const route = (method: string) => <R = never>(path: string, handler: Handler<R>, options: RouteOptions = {}): Route<R> => ({
  method,
  path,
  handler,
  options
})

/**
 * A `GET` route.
 *
 * @example
 * ```ts
 * import { MockHttp } from "effect-requests/testing"
 *
 * const route = MockHttp.get("/users/:name", (req) => MockHttp.json({ login: req.params.name }))
 * ```
 *
 * @since 0.1.0
 * @category routes
 */
export const get = route("GET")

/**
 * A `POST` route.
 *
 * @example
 * ```ts
 * import { MockHttp } from "effect-requests/testing"
 *
 * const route = MockHttp.post("/users", (req) => MockHttp.json(req.json, { status: 201 }))
 * ```
 *
 * @since 0.1.0
 * @category routes
 */
export const post = route("POST")

/**
 * A `PUT` route.
 *
 * @example
 * ```ts
 * import { MockHttp } from "effect-requests/testing"
 *
 * const route = MockHttp.put("/users/:name", MockHttp.status(204))
 * ```
 *
 * @since 0.1.0
 * @category routes
 */
export const put = route("PUT")

/**
 * A `PATCH` route.
 *
 * @example
 * ```ts
 * import { MockHttp } from "effect-requests/testing"
 *
 * const route = MockHttp.patch("/users/:name", (req) => MockHttp.json(req.json))
 * ```
 *
 * @since 0.1.0
 * @category routes
 */
export const patch = route("PATCH")

/**
 * A `DELETE` route.
 *
 * @example
 * ```ts
 * import { MockHttp } from "effect-requests/testing"
 *
 * const route = MockHttp.del("/users/:name", MockHttp.status(204))
 * ```
 *
 * @since 0.1.0
 * @category routes
 */
export const del = route("DELETE")

/**
 * A `HEAD` route.
 *
 * @example
 * ```ts
 * import { MockHttp } from "effect-requests/testing"
 *
 * const route = MockHttp.head("/files/:id", MockHttp.status(200, { headers: { "content-length": "10" } }))
 * ```
 *
 * @since 0.1.0
 * @category routes
 */
export const head = route("HEAD")

/**
 * An `OPTIONS` route.
 *
 * @example
 * ```ts
 * import { MockHttp } from "effect-requests/testing"
 *
 * const route = MockHttp.options("/users", MockHttp.status(204, { headers: { allow: "GET, POST" } }))
 * ```
 *
 * @since 0.1.0
 * @category routes
 */
export const options = route("OPTIONS")

/**
 * A route for any method.
 *
 * @example
 * ```ts
 * import { MockHttp } from "effect-requests/testing"
 *
 * const route = MockHttp.any("/anything", (req) => MockHttp.json({ method: req.method }))
 * ```
 *
 * @since 0.1.0
 * @category routes
 */
export const any = route("*")

/**
 * Provides an `HttpClient` that answers from `routes` (first match wins)
 * and the `Calls` recorder. Every build starts with fresh sequences and
 * counts, so `it.layer` and per-test layers never share state.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 * import { MockHttp } from "effect-requests/testing"
 *
 * const Api = MockHttp.layer([MockHttp.get("https://api.test/users/:name", (req) => MockHttp.json({ login: req.params.name }))])
 * const program = Http.get("https://api.test/users/ada").pipe(
 *   Effect.flatMap((res) => res.json),
 *   Effect.provide(Api)
 * )
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = <R = never>(routes: ReadonlyArray<Route<R>>): Layer.Layer<HttpClient.HttpClient | Calls, never, R> =>
  Layer.effectContext(
    Effect.map(Effect.context<R>(), (context) => {
      const mock = MockTransport.make(routes, context)
      return Transport.context(mock.transport).pipe(Context.add(Calls, { all: Effect.sync(mock.calls) }))
    })
  )

/**
 * The calls recorded so far, in order.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { MockHttp } from "effect-requests/testing"
 *
 * const methods = Effect.map(MockHttp.calls, (calls) => calls.map((call) => call.method))
 * ```
 *
 * @since 0.1.0
 * @category recording
 */
export const calls: Effect.Effect<ReadonlyArray<Call>, never, Calls> = Effect.flatMap(Calls, (recorder) => recorder.all)

/**
 * Asserts that `method path` (a pattern like a route's) was called, exactly
 * `times` times when given; otherwise the test fails with what was called.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 * import { MockHttp } from "effect-requests/testing"
 *
 * const test = Effect.gen(function* () {
 *   yield* Http.del("https://api.test/users/ada")
 *   yield* MockHttp.expectCalled("DELETE", "/users/:name", 1)
 * }).pipe(Effect.provide(MockHttp.layer([MockHttp.del("/users/:name", MockHttp.status(204))])))
 * ```
 *
 * @since 0.1.0
 * @category recording
 */
export const expectCalled = (method: string, path: string, times?: number): Effect.Effect<void, never, Calls> =>
  Effect.flatMap(calls, (all) => {
    const pattern = Router.compile({ method, path, handler: status(200), options: {} }) as Router.Compiled<unknown>
    const count = all.filter((call) => call.method === method && Router.matchPath(pattern, new URL(call.url)) !== undefined).length
    const ok = times === undefined ? count > 0 : count === times
    if (ok) return Effect.void
    const expected = times === undefined ? "at least once" : `${times} time${times === 1 ? "" : "s"}`
    const seen = all.length === 0 ? "  (no calls)" : all.map((call) => `  ${call.method} ${call.url}`).join("\n")
    return Effect.die(new Error(`expected ${method} ${path} to be called ${expected}, but it was called ${count} time${count === 1 ? "" : "s"}; calls:\n${seen}`))
  })
