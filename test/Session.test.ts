import { describe, expect, expectTypeOf, it, layer } from "@effect/vitest"
import type * as HttpClient from "#line/http/HttpClient"
import { Effect, Fiber, Layer, Option, Redacted, Schema, Stream } from "effect"
import { Auth, Http, type HttpError, Retry } from "effect-requests"
import { MockHttp, TestServer } from "effect-requests/testing"
import { Echo, eachTransport, session } from "./helpers.js"
import { TestClock, fork } from "#testline"
import { Service } from "#line/service"


eachTransport((e2e, transport) => {
  it.layer(e2e)(`sessions [${transport}]`, (it) => {
    it.effect("a relative path joins under baseUrl, with or without a leading slash", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const api = yield* session()
        expect((yield* api.get("users/1").pipe(Http.decode(Echo))).url).toBe(`${base}/anything/api/users/1`)
        expect((yield* api.get("/users/2").pipe(Http.decode(Echo))).url).toBe(`${base}/anything/api/users/2`)
        const noSlash = Http.make({ baseUrl: `${base}/anything/api` })
        expect((yield* noSlash.get("users/3").pipe(Http.decode(Echo))).url).toBe(`${base}/anything/api/users/3`)
      }))

    it.effect("session headers, params and auth are sent; a request's own win", () =>
      Effect.gen(function* () {
        const api = yield* session({
          headers: { "x-team": "core", "x-env": "test" },
          params: { v: "1", lang: "en" },
          auth: Auth.bearer(Redacted.make("session-token"))
        })
        const echo = yield* api.get("me", { headers: { "X-Env": "prod" }, params: { lang: "fr" } }).pipe(Http.decode(Echo))
        expect(echo.headers["X-Team"]).toBe("core")
        expect(echo.headers["X-Env"]).toBe("prod")
        expect(echo.headers.Authorization).toBe("Bearer session-token")
        expect(new URL(echo.url).searchParams.getAll("lang")).toEqual(["fr"])
        expect(new URL(echo.url).searchParams.get("v")).toBe("1")
        const other = yield* api.get("me", { auth: Auth.basic("u", "p") }).pipe(Http.decode(Echo))
        expect(other.headers.Authorization).toBe(`Basic ${btoa("u:p")}`)
      }))

    it.effect("extend merges config; undefined removes a header, even the default User-Agent", () =>
      Effect.gen(function* () {
        const api = yield* session({ headers: { "x-a": "1", "x-b": "2" }, timeout: "5 seconds" })
        const admin = api.extend({ headers: { "x-b": "3", "x-admin": "1", "user-agent": undefined } })
        const echo = yield* admin.get("x").pipe(Http.decode(Echo))
        expect(echo.headers["X-A"]).toBe("1")
        expect(echo.headers["X-B"]).toBe("3")
        expect(echo.headers["X-Admin"]).toBe("1")
        expect(echo.headers["User-Agent"] ?? "").not.toMatch(/effect-requests/)
        expect(admin.config.timeout).toBe("5 seconds")
        const original = yield* api.get("x").pipe(Http.decode(Echo))
        expect(original.headers["X-Admin"]).toBeUndefined()
      }))

    it.effect("an invalid baseUrl fails every request with InvalidUrl instead of throwing", () =>
      Effect.gen(function* () {
        const broken = Http.make({ baseUrl: "not a base" })
        const err = yield* broken.get("x").pipe(Effect.flip)
        expect(err).toMatchObject({ _tag: "InvalidUrl" })
        expect(err.message).toContain("baseUrl")
      }))
  })
})

describe("Http.client: a session that took its HttpClient once", () => {
  class Api extends Service<Api, Http.Session<never>>()("Api") {}
  const ApiLive = Layer.effect(Api, Http.client({ baseUrl: "https://api.test/v1/", auth: Auth.bearer("t0k") }))
  const Mocked = ApiLive.pipe(Layer.provide(MockHttp.layer([
    MockHttp.get("/v1/users/:name", (req) => MockHttp.json({ login: req.params.name, auth: req.headers.authorization })),
    MockHttp.get("/v1/slow", MockHttp.timeout())
  ])))

  it.effect("its methods need nothing: a service over it has no HttpClient in its types", () =>
    Effect.gen(function* () {
      const api = yield* Api
      const user = api.get("users/ada")
      expectTypeOf(user).toEqualTypeOf<Effect.Effect<Http.Response, HttpError.HttpError, never>>()
      expectTypeOf(api.paginate("users")).toEqualTypeOf<Stream.Stream<Http.Response, HttpError.HttpError, never>>()
      expectTypeOf(api.extend({}).get("x")).toEqualTypeOf<Effect.Effect<Http.Response, HttpError.HttpError, never>>()
      expect(yield* Effect.flatMap(user, (res) => res.json)).toEqual({ login: "ada", auth: "Bearer t0k" })
    }).pipe(Effect.provide(Mocked)))

  it.effect("it keeps the transport it was made over: MockHttp's deadline runs in virtual time", () =>
    Effect.gen(function* () {
      const api = yield* Api
      const fiber = yield* api.get("slow", { timeout: "2 seconds", retry: Retry.none }).pipe(Effect.flip, fork)
      yield* TestClock.adjust("2 seconds")
      expect(yield* Fiber.join(fiber)).toMatchObject({ _tag: "TimeoutError", phase: "headers" })
      // A proxied session is refused only by a transport that cannot route it: the mock can.
      const proxied = api.extend({ proxy: "http://127.0.0.1:9/" })
      expect((yield* proxied.get("users/bo")).status).toBe(200)
    }).pipe(Effect.provide(Mocked)))
})

describe("errorBody as a session option", () => {
  const Problem = Schema.Struct({ message: Schema.String })
  const User = Schema.Struct({ login: Schema.String })
  const routes = MockHttp.layer([
    MockHttp.post("/v1/users", MockHttp.json({ message: "login taken" }, { status: 422 })),
    MockHttp.get("/v1/busy", MockHttp.json({ message: "try later" }, { status: 503 })),
    MockHttp.get("/v1/users/ada", MockHttp.json({ login: "ada" }))
  ])

  it.effect("every StatusError of the session carries typed data; a 503 retried to the end keeps attempts", () =>
    Effect.gen(function* () {
      const api = Http.make({ baseUrl: "https://api.test/v1/", errorBody: Problem })
      const taken = yield* api.post("users", { json: { login: "ada" } }).pipe(Effect.flip)
      expectTypeOf(taken).toEqualTypeOf<HttpError.HttpError<{ readonly message: string }>>()
      if (taken._tag !== "StatusError") return yield* Effect.die("expected a StatusError")
      expect(taken.data?.message).toBe("login taken")
      const busy = yield* fork(api.get("busy").pipe(Effect.flip))
      yield* TestClock.adjust("1 minute")
      const error = yield* Fiber.join(busy)
      expect(error).toMatchObject({ _tag: "StatusError", status: 503, attempts: 3, data: { message: "try later" } })
      expect(error.message).toMatch(/after 3 attempts$/)
    }).pipe(Effect.provide(routes)))

  it.effect("the type survives decode, catchStatus and pages, in any order", () =>
    Effect.gen(function* () {
      const api = Http.make({ baseUrl: "https://api.test/v1/", errorBody: Problem })
      const decoded = api.get("users/ada").pipe(Http.decode(User))
      expectTypeOf(decoded).toEqualTypeOf<
        Effect.Effect<{ readonly login: string }, HttpError.HttpError<{ readonly message: string }>, HttpClient.HttpClient>
      >()
      const either = Http.get("https://api.test/v1/users/ada").pipe(Http.errorBody(Problem), Http.decode(User))
      const other = Http.get("https://api.test/v1/users/ada").pipe(Http.decode(User), Http.errorBody(Problem))
      expectTypeOf(either).toEqualTypeOf(other)
      const handled = yield* api.post("users", { json: {} }).pipe(
        Effect.as("created"),
        Http.catchStatus(422, (error) => {
          expectTypeOf(error.data).toEqualTypeOf<{ readonly message: string } | undefined>()
          return Effect.succeed(error.data?.message ?? "")
        })
      )
      expect(handled).toBe("login taken")
      expectTypeOf(api.paginate("users")).toEqualTypeOf<
        Stream.Stream<Http.Response, HttpError.HttpError<{ readonly message: string }>, HttpClient.HttpClient>
      >()
      expect((yield* decoded).login).toBe("ada")
    }).pipe(Effect.provide(routes)))
})

eachTransport((e2e, transport) => {
  layer(e2e, { excludeTestServices: true })(`session options over the network [${transport}]`, (it) => {
    it.effect("errorBody types a real server's problem document; idempotencyKey sends one key, kept by the retry of a POST", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const Problem = Schema.Struct({ title: Schema.String, status: Schema.Number })
        const api = Http.make({
          baseUrl: `${base}/`,
          errorBody: Problem,
          idempotencyKey: true,
          retry: Retry.policy({ times: 1, base: "10 millis" })
        })
        const error = yield* api.get("problem/422").pipe(Effect.flip)
        if (error._tag !== "StatusError") return yield* Effect.die("expected a StatusError")
        expect(error.data).toEqual({ title: "Unprocessable Entity", status: 422 })
        const busy = yield* api.post("problem/503", { json: {} }).pipe(Effect.flip)
        expect(busy).toMatchObject({ _tag: "StatusError", status: 503, attempts: 2, data: { status: 503 } })
        const posts = (yield* TestServer.received).filter((seen) => seen.method === "POST")
        expect(posts).toHaveLength(2)
        expect(posts[0]!.headers["idempotency-key"]).toMatch(/^[0-9a-f-]{36}$/)
        expect(posts[1]!.headers["idempotency-key"]).toBe(posts[0]!.headers["idempotency-key"])
      }))
  })
})

describe("paging types", () => {
  it("one next serves both paginates: Http.nextLink(), a URL of your own or a request", () => {
    const next = Http.nextLink()
    expectTypeOf(next).toMatchTypeOf<NonNullable<Http.PageOptions["next"]>>()
    expectTypeOf(next).toMatchTypeOf<Http.PaginateOptions<Http.Request, string>["next"]>()
    const api = Http.make({ baseUrl: "https://api.test/" })
    const byRequest = (_: Http.Response) => Effect.succeed(Option.some(api.get("page/2")))
    expectTypeOf(byRequest).toMatchTypeOf<NonNullable<Http.PageOptions["next"]>>()
    expectTypeOf(byRequest).toMatchTypeOf<Http.PaginateOptions<Http.Request>["next"]>()
    // A URL is sent with Http.get: its error and requirement join the stream's.
    const typed = Http.client({}).pipe(Effect.map((client) => Http.paginate(client.get("https://api.test/"), { next })))
    expectTypeOf(typed).toEqualTypeOf<
      Effect.Effect<Stream.Stream<Http.Response, HttpError.HttpError, HttpClient.HttpClient>, never, HttpClient.HttpClient>
    >()
    expectTypeOf(Http.paginate(Http.get("https://api.test/"), { next })).toEqualTypeOf<
      Stream.Stream<Http.Response, HttpError.HttpError, HttpClient.HttpClient>
    >()
  })
})
