import * as Client from "#line/client"
import * as HttpClient from "#line/http/HttpClient"
import * as HttpClientRequest from "#line/http/HttpClientRequest"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, Layer } from "effect"
import { Auth, Http, HttpError, Retry } from "effect-requests"
import { MockHttp, TestServer } from "effect-requests/testing"
import { fakeGitHub, lookupsOfThreeUsers } from "./fixtures/fakeGitHub.js"
import { closedPort, eachTransport, httpServer, transports } from "./helpers.js"
import { TestClock, fork } from "#testline"
import { apiClientUser } from "#testnode"

const json = (response: { readonly json: Effect.Effect<unknown, unknown> }) => response.json as Effect.Effect<any, unknown>

eachTransport((e2e, transport) => {
  it.layer(e2e)(`session.httpClient [${transport}]`, (it) => {
    it.effect("a platform request goes through the session: baseUrl, headers, auth, its body and query; every status comes back", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const api = Http.make({ baseUrl: base, auth: Auth.bearer("t0k"), headers: { "x-session": "1" }, params: { s: "p" } })
        const client = api.httpClient
        const request = HttpClientRequest.post("/anything/items").pipe(
          HttpClientRequest.setUrlParam("q", "x"),
          HttpClientRequest.bodyText(JSON.stringify({ a: 1 }), "application/json")
        )
        const res = yield* client.execute(request)
        expect(res.status).toBe(200)
        const echo = yield* json(res)
        expect(echo.url).toBe(`${base}/anything/items?s=p&q=x`)
        expect(echo.json).toEqual({ a: 1 })
        expect(echo.headers.Authorization).toBe("Bearer t0k")
        expect(echo.headers["X-Session"]).toBe("1")
        expect(echo.headers["Content-Type"]).toBe("application/json")

        const missing = yield* client.get("/status/404")
        expect(missing.status).toBe(404)
        const teapot = yield* client.get("/status/418")
        expect(teapot.status).toBe(418)
      }))

    it.effect("a failure without a response is the platform's RequestError, ours its cause; HttpError.fromPlatform gives it back", () =>
      Effect.gen(function* () {
        const port = yield* closedPort
        const client = Http.make({ baseUrl: `http://127.0.0.1:${port}`, retry: Retry.none }).httpClient
        const error = yield* Effect.flip(client.get("/x"))
        // The platform's RequestError (effect 4 names it by its reason).
        expect(Client.describe(error).kind).toBe("Transport")
        expect(HttpError.fromPlatform(error)._tag).toBe("ConnectionError")
        expect(HttpError.isHttpError((error as { cause?: unknown }).cause)).toBe(true)
      }))

    it.effect("a path that climbs with . or .. (encoded too), or a URL outside the baseUrl, is refused before anything is sent", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const client = Http.make({ baseUrl: `${base}/anything/api` }).httpClient
        const before = (yield* TestServer.received).length
        for (const path of ["/users/../admin", "/users/%2e%2E/admin", "/users/./x", `${base}/elsewhere`, "http://evil.test/x"]) {
          const error = yield* Effect.flip(client.get(path))
          expect(Client.describe(error).kind, path).toBe("InvalidUrl")
          expect(HttpError.fromPlatform(error)._tag, path).toBe("InvalidUrl")
        }
        expect((yield* TestServer.received).length).toBe(before)
        const fine = yield* json(yield* client.get("/users/..admin"))
        expect(fine.url).toBe(`${base}/anything/api/users/..admin`)
      }))
  })
})

describe("Http.layerFromSession", () => {
  const github = (routes: ReadonlyArray<MockHttp.Route>) =>
    Http.layerFromSession({ baseUrl: "https://ghe.test/api/v3", auth: Auth.bearer("t0k") }).pipe(Layer.provideMerge(MockHttp.layer(routes)))

  it.effect("paths starting with / go under the baseUrl's path, as prependUrl would, with the session's auth", () =>
    Effect.gen(function* () {
      const res = yield* HttpClient.get("/users/octocat")
      expect(yield* json(res)).toEqual({ login: "octocat" })
      const [call] = yield* MockHttp.calls
      expect(call!.url).toBe("https://ghe.test/api/v3/users/octocat")
      expect(call!.headers.authorization).toBe("Bearer t0k")
    }).pipe(Effect.provide(github([MockHttp.get("/api/v3/users/:name", (req) => MockHttp.json({ login: req.params.name }))]))))

  it.effect("a 503 with Retry-After is retried by the session; after the retries the last response comes back whole", () =>
    Effect.gen(function* () {
      const fiber = yield* fork(HttpClient.get("/flaky"))
      yield* TestClock.adjust("1 minute")
      const res = yield* Fiber.join(fiber)
      expect(res.status).toBe(200)
      yield* MockHttp.expectCalled("GET", "/api/v3/flaky", 2)

      const down = yield* fork(HttpClient.get("/down"))
      yield* TestClock.adjust("10 minutes")
      const last = yield* Fiber.join(down)
      expect(last.status).toBe(503)
      expect(yield* json(last)).toEqual({ message: "down for maintenance", padding: "p".repeat(8000) })
      yield* MockHttp.expectCalled("GET", "/api/v3/down", 3)
    }).pipe(Effect.provide(github([
      MockHttp.get("/api/v3/flaky", MockHttp.sequence([MockHttp.status(503, { headers: { "retry-after": "2" } }), MockHttp.json({ ok: true })])),
      MockHttp.get("/api/v3/down", MockHttp.json({ message: "down for maintenance", padding: "p".repeat(8000) }, { status: 503 }))
    ]))))

  it.effect("a timeout of the session is the platform's RequestError with a TimeoutError inside", () =>
    Effect.gen(function* () {
      const fiber = yield* fork(Effect.flip(HttpClient.get("/slow")))
      yield* TestClock.adjust("5 minutes")
      const error = yield* Fiber.join(fiber)
      expect(HttpError.fromPlatform(error)._tag).toBe("TimeoutError")
    }).pipe(Effect.provide(
      Http.layerFromSession({ baseUrl: "https://ghe.test/", timeout: "2 seconds", retry: Retry.none }).pipe(
        Layer.provideMerge(MockHttp.layer([MockHttp.get("/slow", MockHttp.delay("1 minute", MockHttp.text("late")))]))
      )
    )))
})

describe("HttpApiClient through a session", () => {
  for (const [name, transport] of transports) {
    it.scopedLive(`a user decoded, a 404 its typed error, a 503 with Retry-After retried by the session [${name}]`, () =>
      Effect.gen(function* () {
        // The HttpApi's own error body for a missing user.
        const github = fakeGitHub((user) => ({ _tag: "UserNotFound", message: `no user ${user}` }))
        const server = yield* httpServer(github.handler)
        const layer = Http.layerFromSession({ baseUrl: `${server.url}/api/v3`, auth: Auth.bearer("t0k"), retry: Retry.policy({ base: "1 millis" }) }).pipe(
          Layer.provide(transport)
        )
        const results = yield* Effect.all([
          apiClientUser("octocat"),
          apiClientUser("hubot"),
          Effect.flip(apiClientUser("nobody"))
        ]).pipe(Effect.provide(layer))
        expect(results[0].login).toBe("octocat")
        expect(results[1].login).toBe("hubot")
        expect(results[2]._tag).toBe("UserNotFound")
        expect(github.received.map((r) => r.path)).toEqual(lookupsOfThreeUsers)
        expect(github.received.every((r) => r.authorization === "Bearer t0k")).toBe(true)
      }))
  }

  it.effect("MockHttp under the session layer answers the same client", () =>
    Effect.gen(function* () {
      expect(yield* apiClientUser("octocat")).toEqual({ login: "octocat" })
      expect((yield* Effect.flip(apiClientUser("nobody")))._tag).toBe("UserNotFound")
      yield* MockHttp.expectCalled("GET", "/api/v3/users/octocat", 1)
    }).pipe(Effect.provide(
      Http.layerFromSession({ baseUrl: "https://ghe.test/api/v3" }).pipe(Layer.provideMerge(MockHttp.layer([
        MockHttp.get("/api/v3/users/octocat", MockHttp.json({ login: "octocat" })),
        MockHttp.get("/api/v3/users/:name", MockHttp.json({ _tag: "UserNotFound", message: "no such user" }, { status: 404 }))
      ])))
    )))
})
