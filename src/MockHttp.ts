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
import { Service } from "#line/service"
import * as Effects from "#line/effect"
import type * as Durations from "#line/duration"
import type * as HttpClient from "#line/http/HttpClient"
import * as TestClock from "#line/testClock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Model from "./internal/testing/mock/model.js"
import * as Router from "./internal/testing/mock/router.js"
import * as MockTransport from "./internal/testing/mock/transport.js"
import * as Transport from "./internal/transport.js"

export * from "./MockHttpResponse.js"

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
export interface Request extends Model.MockRequest {}

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
export interface Call extends Model.Call {}

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
export class Calls extends Service<
  Calls,
  {
    readonly all: Effect.Effect<ReadonlyArray<Call>>
    /** Forgets the calls, sequence positions and `times` counts (see `MockHttp.clear`). */
    readonly clear: Effect.Effect<void>
  }
>()("effect-requests/MockHttp/Calls") {}

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
 * and the `Calls` recorder. The calls, sequence positions and `times`
 * counts live in the built layer: each build starts afresh. `it.layer`
 * builds its layer once for all of its tests, so they share that state:
 * begin each such test with `yield* MockHttp.clear`, or provide the layer
 * inside the test instead.
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
      return Transport.context(mock.transport).pipe(Context.add(Calls, { all: Effect.sync(mock.calls), clear: Effect.sync(mock.clear) }))
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
export const calls: Effect.Effect<ReadonlyArray<Call>, never, Calls> = Effect.flatMap(Effects.service(Calls), (recorder) => recorder.all)

/**
 * Starts the mock afresh: no calls recorded, every `sequence` at its first
 * step, every `times` count at zero. For tests that share one layer (under
 * `it.layer`): the first line of each keeps them independent.
 *
 * @example
 * ```ts
 * import { it } from "@effect/vitest"
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 * import { MockHttp } from "effect-requests/testing"
 *
 * it.layer(MockHttp.layer([MockHttp.get("/ping", MockHttp.status(204))]))("ping", (it) => {
 *   it.effect("is called once", () =>
 *     Effect.gen(function* () {
 *       yield* MockHttp.clear
 *       yield* Http.get("https://api.test/ping")
 *       yield* MockHttp.expectCalled("GET", "/ping", 1)
 *     }))
 * })
 * ```
 *
 * @since 0.1.0
 * @category recording
 */
export const clear: Effect.Effect<void, never, Calls> = Effect.flatMap(Effects.service(Calls), (recorder) => recorder.clear)

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
    const missed = Router.expectation(all, method, path, times)
    return missed === undefined ? Effect.void : Effect.die(new Error(missed))
  })

/**
 * `TestClock.adjust`, after letting the requests forked just before reach
 * their waits. Effect 4's `TestClock.adjust` moves time after one turn of
 * its scheduler, and a request that is still reading a body or setting up
 * its retry then registers its wait after the clock has moved on (effect
 * 3's waits a timer turn first). This lets the event loop turn a hundred
 * times, then adjusts: the same on both lines.
 *
 * @example
 * ```ts
 * import { expect, it } from "@effect/vitest"
 * import { Effect, Fiber } from "effect"
 * import { Http } from "effect-requests"
 * import { MockHttp } from "effect-requests/testing"
 *
 * it.effect("a 503 is retried after its backoff", () =>
 *   Effect.gen(function* () {
 *     const fiber = yield* Effect.forkChild(Http.get("https://api.test/items"))
 *     yield* MockHttp.adjust("1 minute")
 *     expect((yield* Fiber.join(fiber)).status).toBe(200)
 *   }).pipe(Effect.provide(MockHttp.layer([
 *     MockHttp.get("/items", MockHttp.sequence([MockHttp.status(503), MockHttp.json([])]))
 *   ]))))
 * ```
 *
 * ```ts effect3
 * import { expect, it } from "@effect/vitest"
 * import { Effect, Fiber } from "effect"
 * import { Http } from "effect-requests/v3"
 * import { MockHttp } from "effect-requests/v3/testing"
 *
 * it.effect("a 503 is retried after its backoff", () =>
 *   Effect.gen(function* () {
 *     const fiber = yield* Effect.fork(Http.get("https://api.test/items"))
 *     yield* MockHttp.adjust("1 minute")
 *     expect((yield* Fiber.join(fiber)).status).toBe(200)
 *   }).pipe(Effect.provide(MockHttp.layer([
 *     MockHttp.get("/items", MockHttp.sequence([MockHttp.status(503), MockHttp.json([])]))
 *   ]))))
 * ```
 *
 * @since 0.1.0
 * @category time
 */
export const adjust = (duration: Durations.Input): Effect.Effect<void> => Effect.andThen(settle, TestClock.adjust(duration))

// A turn of the event loop: setImmediate where the runtime has it, a zero timeout in browsers.
const turn = (): Promise<void> =>
  new Promise((resolve) => typeof globalThis.setImmediate === "function" ? globalThis.setImmediate(resolve) : setTimeout(resolve, 0))

// A hundred turns: the order of turns does not depend on the machine's speed, so neither does this.
const settle = Effect.promise(async () => {
  for (let i = 0; i < 100; i++) await turn()
})
