import type * as http from "node:http"
import * as HttpClientRequest from "#line/http/HttpClientRequest"
import * as HttpClientResponse from "#line/http/HttpClientResponse"
import type * as HttpClient from "#line/http/HttpClient"
import { describe, expect, expectTypeOf, it } from "@effect/vitest"
import { Data, Effect, Layer } from "effect"
import { Auth, Http, type HttpError, type Middleware, Retry } from "effect-requests"
import { NodeHttp } from "effect-requests/node"
import { MockHttp } from "effect-requests/testing"
import { httpServer } from "./helpers.js"
import { Service } from "#line/service"
import { memoryPersistence } from "#testline"

class Signer extends Service<Signer, { readonly key: string }>()("test/Signer") {}

/** What an origin answers to a path, the n-th time it is asked for it (from 1). */
type Plan = (path: string, nth: number, headers: Readonly<Record<string, string | undefined>>) => {
  readonly status: number
  readonly headers?: Record<string, string>
  readonly body?: string
}

interface Seen {
  readonly path: string
  readonly headers: Readonly<Record<string, string | undefined>>
}

/** An origin following `plan`, over a transport: its base URL, the layer, and what it saw. */
interface Origin {
  readonly base: string
  readonly layer: Layer.Layer<HttpClient.HttpClient>
  readonly seen: Array<Seen>
}

const answer = (plan: Plan, seen: Array<Seen>, counts: Map<string, number>, path: string, headers: Seen["headers"]) => {
  seen.push({ path, headers })
  const nth = (counts.get(path) ?? 0) + 1
  counts.set(path, nth)
  return plan(path, nth, headers)
}

const loopback = (plan: Plan, layer: Layer.Layer<HttpClient.HttpClient>) =>
  Effect.gen(function* () {
    const seen: Array<Seen> = []
    const counts = new Map<string, number>()
    const handler: http.RequestListener = (req, res) => {
      const url = new URL(req.url!, "http://127.0.0.1")
      const out = answer(plan, seen, counts, url.pathname + url.search, req.headers as Seen["headers"])
      res.writeHead(out.status, out.headers ?? {})
      res.end(out.body ?? "")
    }
    const { url } = yield* httpServer(handler)
    return { base: url, layer, seen } satisfies Origin
  })

const mocked = (plan: Plan) =>
  Effect.sync((): Origin => {
    const seen: Array<Seen> = []
    const counts = new Map<string, number>()
    const layer = MockHttp.layer([
      MockHttp.any("*", (req) => {
        const url = new URL(req.url)
        const out = answer(plan, seen, counts, url.pathname + url.search, req.headers)
        return out.status >= 300 && out.status < 400
          ? MockHttp.redirect(out.headers!["location"]!, out.status)
          : MockHttp.text(out.body ?? "", { status: out.status, headers: out.headers ?? {} })
      })
    ])
    return { base: "http://origin.test", layer, seen }
  })

const transports: ReadonlyArray<readonly [string, (plan: Plan) => Effect.Effect<Origin, never, any>]> = [
  ["fetch", (plan) => loopback(plan, Http.layer)],
  ["node", (plan) => loopback(plan, NodeHttp.layer)],
  ["mock", mocked]
]

const quickRetry = Retry.policy({ times: 2, base: "1 millis", jitter: false })

// /start: a 503, then a redirect to /final, which answers.
const flakyThenRedirect: Plan = (path, nth) =>
  path === "/start"
    ? nth === 1 ? { status: 503 } : { status: 302, headers: { location: "/final" } }
    : { status: 200, body: "final" }

/** A stand-in for request signing: a digest of what the send goes to, recomputed on every send. */
const signatureOf = (method: string, url: string) => `${method} ${new URL(url).pathname}`.split("").reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7).toString(16)

describe("Middleware", () => {
  for (const [name, make] of transports) {
    describe(`[${name}]`, () => {
      it.scopedLive("runs on every attempt and every redirect hop, told which", () =>
        Effect.gen(function* () {
          const origin = yield* make(flakyThenRedirect)
          const told: Array<string> = []
          const stamp: Middleware.Middleware = (request, next, info) => {
            told.push(`a${info.attempt}h${info.hop} ${info.url.pathname}`)
            return next(HttpClientRequest.setHeader(request, "x-stamp", `a${info.attempt}h${info.hop}`))
          }
          const text = yield* Http.make({ retry: quickRetry, middleware: [stamp] }).get(`${origin.base}/start`).pipe(
            Effect.flatMap((res) => res.text),
            Effect.provide(origin.layer)
          )
          expect(text).toBe("final")
          expect(told).toEqual(["a1h0 /start", "a2h0 /start", "a2h1 /final"])
          expect(origin.seen.map((s) => `${s.path} ${s.headers["x-stamp"]}`)).toEqual(["/start a1h0", "/start a2h0", "/final a2h1"])
        }))

      it.scopedLive("a signature computed from the request is recomputed for each hop and each attempt", () =>
        Effect.gen(function* () {
          const origin = yield* make(flakyThenRedirect)
          const sign: Middleware.Middleware = (request, next, info) =>
            next(HttpClientRequest.setHeader(request, "x-signature", signatureOf(request.method, info.url.href)))
          yield* Http.make({ retry: quickRetry, middleware: [sign] }).get(`${origin.base}/start`).pipe(Effect.provide(origin.layer))
          expect(origin.seen).toHaveLength(3)
          for (const seen of origin.seen) expect(seen.headers["x-signature"]).toBe(signatureOf("GET", `http://x${seen.path}`))
          expect(new Set(origin.seen.map((s) => s.headers["x-signature"])).size).toBe(2)
        }))

      it.scopedLive("runs outermost first, and an extension's middleware run inside the session's", () =>
        Effect.gen(function* () {
          const origin = yield* make(() => ({ status: 200, body: "ok" }))
          const log: Array<string> = []
          const named = (label: string): Middleware.Middleware => (request, next) =>
            Effect.sync(() => log.push(`${label}>`)).pipe(
              Effect.andThen(next(HttpClientRequest.setHeader(request, "x-order", `${request.headers["x-order"] ?? ""}${label}`))),
              Effect.tap(() => Effect.sync(() => log.push(`<${label}`)))
            )
          const session = Http.make({ middleware: [named("outer"), named("inner")] }).extend({ middleware: [named("extension")] })
          yield* session.get(`${origin.base}/x`).pipe(Effect.provide(origin.layer))
          expect(log).toEqual(["outer>", "inner>", "extension>", "<extension", "<inner", "<outer"])
          expect(origin.seen[0]!.headers["x-order"]).toBe("outerinnerextension")
        }))

      it.scopedLive("a middleware may answer by itself, or send twice (a 401, then a fresh token), and the session takes the response it returns", () =>
        Effect.gen(function* () {
          const origin = yield* make((path, nth) =>
            path === "/private" && nth === 1 ? { status: 401 } : { status: 200, body: path }
          )
          const tokens = ["stale", "fresh"]
          const refreshOn401: Middleware.Middleware = (request, next) =>
            Effect.flatMap(next(HttpClientRequest.bearerToken(request, tokens[0]!)), (response) =>
              response.status === 401 ? next(HttpClientRequest.bearerToken(request, tokens[1]!)) : Effect.succeed(response))
          const offline: Middleware.Middleware = (request, next) =>
            new URL(request.url).pathname === "/offline"
              ? Effect.succeed(HttpClientResponse.fromWeb(request, new Response("from the middleware", { status: 200 })))
              : next(request)
          const session = Http.make({ middleware: [offline, refreshOn401] })
          const text = (path: string) => session.get(`${origin.base}${path}`).pipe(Effect.flatMap((res) => res.text), Effect.provide(origin.layer))
          expect(yield* text("/private")).toBe("/private")
          expect(origin.seen.map((s) => s.headers["authorization"])).toEqual(["Bearer stale", "Bearer fresh"])
          expect(yield* text("/offline")).toBe("from the middleware")
          expect(origin.seen).toHaveLength(2)
        }))

      it.scopedLive("its own typed error is in the session's type, is never retried, and does not open the breaker", () =>
        Effect.gen(function* () {
          class Unsigned extends Data.TaggedError("Unsigned")<{ readonly path: string }> {}
          const origin = yield* make(() => ({ status: 200, body: "ok" }))
          let refuse = true
          let calls = 0
          const guard: Middleware.Middleware<Unsigned> = (request, next, info) => {
            calls++
            return refuse ? Effect.fail(new Unsigned({ path: info.url.pathname })) : next(request)
          }
          const session = Http.make({
            retry: quickRetry,
            circuitBreaker: { failureThreshold: 1, resetAfter: "1 minute" },
            middleware: [guard]
          })
          expectTypeOf(session).toEqualTypeOf<Http.Session<HttpClient.HttpClient, HttpError.HttpError | Unsigned>>()
          for (let i = 0; i < 3; i++) {
            const error = yield* session.get(`${origin.base}/x`).pipe(Effect.provide(origin.layer), Effect.flip)
            expect(error).toEqual(new Unsigned({ path: "/x" }))
          }
          expect(calls).toBe(3)
          refuse = false
          const res = yield* session.get(`${origin.base}/x`).pipe(Effect.provide(origin.layer))
          expect(res.status).toBe(200)
        }))

      it.scopedLive("changes it makes are held to the session's rules: the same origin, the baseUrl, safe header values", () =>
        Effect.gen(function* () {
          const origin = yield* make(() => ({ status: 200, body: "ok" }))
          const rewrite = (to: (url: URL) => string): Middleware.Middleware => (request, next, info) =>
            next(HttpClientRequest.setUrl(request, to(info.url)))
          const run = (middleware: Middleware.Middleware, path = "/api/x") =>
            Http.make({ baseUrl: `${origin.base}/api/`, middleware: [middleware] }).get(path.replace(/^\/api\//, "")).pipe(
              Effect.provide(origin.layer),
              Effect.flip
            )
          const elsewhere = yield* run(rewrite(() => "http://evil.test/api/x"))
          expect(elsewhere).toMatchObject({ _tag: "InvalidRequest", reason: expect.stringContaining("another origin") })
          const outside = yield* run(rewrite((url) => new URL("/admin", url).href))
          expect(outside).toMatchObject({ _tag: "InvalidUrl", reason: expect.stringContaining("baseUrl") })
          const injected = yield* run((request, next) => next(HttpClientRequest.setHeader(request, "x-bad", "a\r\nx-injected: 1")))
          expect(injected).toMatchObject({ _tag: "InvalidRequest" })
          expect(origin.seen).toEqual([])
          // Within the rules, the change is what is sent.
          yield* Http.make({ baseUrl: `${origin.base}/api/`, middleware: [rewrite((url) => new URL("/api/v2", url).href)] })
            .get("x").pipe(Effect.provide(origin.layer))
          expect(origin.seen.map((s) => s.path)).toEqual(["/api/v2"])
        }))
    })
  }

  describe("credentials stay with their origin whatever a middleware sets", () => {
    for (const [name, layer] of [["fetch", Http.layer], ["node", NodeHttp.layer]] as const) {
      it.scopedLive(`[${name}] a redirect to another origin carries no credential a middleware added from the session's auth`, () =>
        Effect.gen(function* () {
          const other = yield* loopback(() => ({ status: 200, body: "other" }), layer)
          const origin = yield* loopback((path) =>
            path === "/leave"
              ? { status: 302, headers: { location: `${other.base}/landed` } }
              : path === "/stay"
              ? { status: 302, headers: { location: "/here" } }
              : { status: 200, body: "here" }, layer)
          const auth = Auth.bearer("s3cret")
          // Writes the session's credential on every send, as a signing or token middleware would.
          const withCredentials: Middleware.Middleware = (request, next) =>
            next(HttpClientRequest.setHeaders(request, { authorization: "Bearer s3cret", "x-api-key": "k3y", cookie: "sid=1" }))
          const session = Http.make({ auth, middleware: [withCredentials] })
          yield* session.get(`${origin.base}/stay`).pipe(Effect.provide(layer))
          yield* session.get(`${origin.base}/leave`).pipe(Effect.provide(layer))
          expect(origin.seen.map((s) => [s.path, s.headers["authorization"], s.headers["x-api-key"]])).toEqual([
            ["/stay", "Bearer s3cret", "k3y"],
            ["/here", "Bearer s3cret", "k3y"],
            ["/leave", "Bearer s3cret", "k3y"]
          ])
          expect(other.seen).toHaveLength(1)
          expect(other.seen[0]!.headers).not.toHaveProperty("authorization")
          expect(other.seen[0]!.headers).not.toHaveProperty("x-api-key")
          expect(other.seen[0]!.headers).not.toHaveProperty("cookie")
        }))
    }

    it.effect("[mock] the same over MockHttp", () =>
      Effect.gen(function* () {
        const withCredentials: Middleware.Middleware = (request, next) =>
          next(HttpClientRequest.setHeaders(request, { authorization: "Bearer s3cret", "x-api-key": "k3y" }))
        yield* Http.make({ auth: Auth.bearer("s3cret"), middleware: [withCredentials] }).get("https://a.test/leave")
        const calls = yield* MockHttp.calls
        expect(calls.map((call) => [call.url, call.headers["authorization"], call.headers["x-api-key"]])).toEqual([
          ["https://a.test/leave", "Bearer s3cret", "k3y"],
          ["https://b.test/landed", undefined, undefined]
        ])
      }).pipe(Effect.provide(MockHttp.layer([
        MockHttp.get("https://a.test/leave", MockHttp.redirect("https://b.test/landed")),
        MockHttp.get("https://b.test/landed", MockHttp.text("other"))
      ]))))
  })

  it.scopedLive("what a middleware needs from the context is in the session's type, and comes from the caller's", () =>
    Effect.gen(function* () {
      const origin = yield* mocked(() => ({ status: 200, body: "ok" }))
      const sign: Middleware.Middleware<never, Signer> = (request, next) =>
        Effect.gen(function* () {
          const signer = yield* Signer
          return yield* next(HttpClientRequest.setHeader(request, "x-key", signer.key))
        })
      const session = Http.make({ middleware: [sign] })
      expectTypeOf(session).toEqualTypeOf<Http.Session<HttpClient.HttpClient | Signer, HttpError.HttpError>>()
      yield* session.get(`${origin.base}/x`).pipe(Effect.provide(Layer.merge(origin.layer, Layer.succeed(Signer, { key: "k1" }))))
      expect(origin.seen[0]!.headers["x-key"]).toBe("k1")
    }))

  describe("with the cache: a stored response answers only what the origin confirms for the request as sent", () => {
    // The origin: a page per user (from the token a middleware adds), an ETag per page, fresh for a minute.
    const origin = () => {
      const seen: Array<Readonly<Record<string, string>>> = []
      const layer = MockHttp.layer([
        MockHttp.get("/page", (req) => {
          seen.push(req.headers)
          const who = req.headers["authorization"] ?? "anonymous"
          const etag = `"${who}"`
          return req.headers["if-none-match"] === etag
            ? MockHttp.status(304, { headers: { etag, "cache-control": "max-age=60" } })
            : MockHttp.text(`page for ${who}`, { headers: { etag, "cache-control": "public, max-age=60" } })
        })
      ])
      return { seen, layer }
    }
    // The signed-in user, as an application keeps it; the middleware adds their token, when there is one.
    let currentUser: string | undefined
    const userToken: Middleware.Middleware = (request, next) =>
      Effect.suspend(() => next(currentUser === undefined ? request : HttpClientRequest.bearerToken(request, currentUser)))
    const as = (user: string | undefined) => <A, E, R>(effect: Effect.Effect<A, E, R>) =>
      Effect.suspend(() => {
        currentUser = user
        return effect
      })
    const read = (session: Http.Session) => Effect.flatMap(session.get("https://api.test/page"), (res) => Effect.map(res.text, (text) => [text, res.cache]))

    it.effect("a page stored for an anonymous request is not what a signed-in one gets", () =>
      Effect.gen(function* () {
        const { layer, seen } = origin()
        const session = Http.make({ cache: true, middleware: [userToken] })
        const run = <A, E>(effect: Effect.Effect<A, E, HttpClient.HttpClient>) => Effect.provide(effect, layer)
        expect(yield* run(read(session).pipe(as(undefined)))).toEqual(["page for anonymous", "miss"])
        expect(yield* run(read(session).pipe(as("alice")))).toEqual(["page for Bearer alice", "miss"])
        // The anonymous page again: confirmed by the origin (a 304), served from the store.
        expect(yield* run(read(session).pipe(as(undefined)))).toEqual(["page for anonymous", "revalidated"])
        expect(seen.map((h) => [h["authorization"], h["if-none-match"]])).toEqual([
          [undefined, undefined],
          ["Bearer alice", "\"anonymous\""],
          [undefined, "\"anonymous\""]
        ])
      }))

    it.effect("a response to a request a middleware added a credential to is not stored: on a shared store, bob never gets alice's page", () => {
      const { layer, seen } = origin()
      return Effect.gen(function* () {
        const alice = Http.make({ cache: { store: "persistence" }, middleware: [userToken] })
        const bob = Http.make({ cache: { store: "persistence" }, middleware: [userToken] })
        expect(yield* read(alice).pipe(as("alice"))).toEqual(["page for Bearer alice", "miss"])
        expect(yield* read(bob).pipe(as("bob"))).toEqual(["page for Bearer bob", "miss"])
        expect(yield* read(alice).pipe(as("alice"))).toEqual(["page for Bearer alice", "miss"])
        expect(seen.map((h) => h["if-none-match"])).toEqual([undefined, undefined, undefined])
      }).pipe(Effect.provide(Layer.merge(layer, memoryPersistence)))
    })

    it.effect("stale-if-error does not answer for the origin in a session with middleware", () =>
      Effect.gen(function* () {
        let down = false
        const layer = MockHttp.layer([
          MockHttp.get("/page", () => down ? MockHttp.status(503) : MockHttp.text("ok", { headers: { "cache-control": "max-age=0, stale-if-error=600" } }))
        ])
        const session = Http.make({ cache: true, retry: Retry.none, middleware: [(request, next) => next(request)] })
        yield* read(session).pipe(Effect.provide(layer))
        down = true
        const error = yield* read(session).pipe(Effect.provide(layer), Effect.flip)
        expect(error).toMatchObject({ _tag: "StatusError", status: 503 })
      }))
  })
})
