import type * as http from "node:http"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { Auth, Http, Retry } from "effect-requests"
import { httpServer, transports } from "./helpers.js"
import { memoryPersistence } from "#testline"

/**
 * An origin whose answers depend on who asks: `/account` answers with the
 * X-Api-Key, Authorization or `sid` cookie it was sent, under the
 * Cache-Control given as `?cc=`; `/login?as=NAME` sets the `sid` cookie;
 * `/me` answers who the `sid` cookie says is logged in, with `Vary: Cookie`.
 */
const origin = Effect.gen(function* () {
  let requests = 0
  const handler: http.RequestListener = (req, res) => {
    requests++
    const url = new URL(req.url!, "http://127.0.0.1")
    const sid = /(?:^|;\s*)sid=([^;]*)/.exec(req.headers.cookie ?? "")?.[1]
    const cc = url.searchParams.get("cc") ?? "max-age=600"
    if (url.pathname === "/login") {
      res.writeHead(200, { "set-cookie": `sid=${url.searchParams.get("as")}; Path=/` }).end("ok")
    } else if (url.pathname === "/me") {
      res.writeHead(200, { "cache-control": "max-age=600", vary: "Cookie" }).end(sid === undefined ? "logged-out" : `user:${sid}`)
    } else if (url.pathname === "/welcome") {
      // A response that hands out a session: one user's, whatever its Cache-Control says.
      res.writeHead(200, { "cache-control": "public, max-age=600", "set-cookie": `sid=visitor-${requests}; Path=/` }).end("welcome")
    } else {
      const who = req.headers["x-api-key"] ?? req.headers.authorization ?? (sid === undefined ? "nobody" : `cookie:${sid}`)
      res.writeHead(200, { "cache-control": cc }).end(`account-of:${who}`)
    }
  }
  const { url } = yield* httpServer(handler)
  return { url, requests: () => requests }
})

/** The body and how the cache answered. */
const fetched = (request: Http.Request) =>
  Effect.flatMap(request, (res) => Effect.map(res.text, (text) => [text, res.cache] as const))

const shared = (config: Http.SessionConfig = {}) => Http.make({ cache: { store: "persistence" }, retry: Retry.none, ...config })

for (const [transport, layer] of transports) {
  describe(`the cache decides on the request as it is sent [${transport}]`, () => {
    it.scopedLive("Vary: Cookie is matched with the jar's cookies: after login the logged-out page is not served", () =>
      Effect.gen(function* () {
        const server = yield* origin
        const api = Http.make({ cache: true, cookies: true, retry: Retry.none, baseUrl: `${server.url}/` })
        expect(yield* fetched(api.get("me"))).toEqual(["logged-out", "miss"])
        expect(yield* fetched(api.get("me"))).toEqual(["logged-out", "hit"])
        yield* fetched(api.get("login", { params: { as: "bob" } }))
        expect(yield* fetched(api.get("me"))).toEqual(["user:bob", "miss"])
        expect(yield* fetched(api.get("me"))).toEqual(["user:bob", "hit"])
      }).pipe(Effect.provide(layer)))

    it.scopedLive("one session, a token per request: a response made for one token never answers another or none", () =>
      Effect.gen(function* () {
        const server = yield* origin
        const api = Http.make({ cache: true, retry: Retry.none })
        const url = `${server.url}/account?cc=${encodeURIComponent("public, max-age=600")}`
        expect(yield* fetched(api.get(url, { auth: Auth.bearer("alice-token") }))).toEqual(["account-of:Bearer alice-token", "miss"])
        expect(yield* fetched(api.get(url, { auth: Auth.bearer("alice-token") }))).toEqual(["account-of:Bearer alice-token", "hit"])
        expect(yield* fetched(api.get(url, { auth: Auth.bearer("bob-token") }))).toEqual(["account-of:Bearer bob-token", "miss"])
        expect(yield* fetched(api.get(url))).toEqual(["account-of:nobody", "miss"])
        expect(yield* fetched(api.get(url, { headers: { "x-api-key": "alice-key" } }))).toEqual(["account-of:alice-key", "miss"])
      }).pipe(Effect.provide(layer)))
  })

  describe(`a shared store is a shared cache (RFC 9111) [${transport}]`, () => {
    const provide = Effect.provide(Layer.merge(layer, memoryPersistence))

    it.scopedLive("Cache-Control: private is never stored: bob never gets alice's account", () =>
      Effect.gen(function* () {
        const server = yield* origin
        const url = `${server.url}/account?cc=${encodeURIComponent("private, max-age=600")}`
        const alice = shared({ headers: { "x-api-key": "alice-key" } })
        const bob = shared({ headers: { "x-api-key": "bob-key" } })
        expect(yield* fetched(alice.get(url))).toEqual(["account-of:alice-key", "miss"])
        expect(yield* fetched(alice.get(url))).toEqual(["account-of:alice-key", "miss"])
        expect(yield* fetched(bob.get(url))).toEqual(["account-of:bob-key", "miss"])
        expect(server.requests()).toBe(3)
      }).pipe(provide))

    it.scopedLive("a storable response is shared only among requests with the same credentials (API key, Authorization, cookies)", () =>
      Effect.gen(function* () {
        const server = yield* origin
        const url = `${server.url}/account?cc=${encodeURIComponent("public, max-age=600")}`
        const alice = shared({ headers: { "x-api-key": "alice-key" } })
        expect(yield* fetched(alice.get(url))).toEqual(["account-of:alice-key", "miss"])
        // Another session with alice's key is served from the store...
        expect(yield* fetched(shared({ headers: { "x-api-key": "alice-key" } }).get(url))).toEqual(["account-of:alice-key", "hit"])
        // ...bob's key, no key, a bearer token or a cookie never are.
        expect(yield* fetched(shared({ headers: { "x-api-key": "bob-key" } }).get(url))).toEqual(["account-of:bob-key", "miss"])
        expect(yield* fetched(shared().get(url))).toEqual(["account-of:nobody", "miss"])
        expect(yield* fetched(shared({ auth: Auth.bearer("alice-key") }).get(url))).toEqual(["account-of:Bearer alice-key", "miss"])
        expect(yield* fetched(shared({ headers: { cookie: "sid=alice" } }).get(url))).toEqual(["account-of:cookie:alice", "miss"])
        expect(yield* fetched(shared({ headers: { cookie: "sid=mallory" } }).get(url))).toEqual(["account-of:cookie:mallory", "miss"])
        expect(yield* fetched(shared().get(url))).toEqual(["account-of:nobody", "hit"])
      }).pipe(provide))

    it.scopedLive("Authorization follows §3.5: stored only when the response allows it (public, s-maxage, must-revalidate)", () =>
      Effect.gen(function* () {
        const server = yield* origin
        const token = { auth: Auth.bearer("t") }
        const plain = `${server.url}/account?cc=${encodeURIComponent("max-age=600")}`
        expect(yield* fetched(shared(token).get(plain))).toEqual(["account-of:Bearer t", "miss"])
        expect(yield* fetched(shared(token).get(plain))).toEqual(["account-of:Bearer t", "miss"])
        const sMaxAge = `${server.url}/account?cc=${encodeURIComponent("s-maxage=600")}`
        expect(yield* fetched(shared(token).get(sMaxAge))).toEqual(["account-of:Bearer t", "miss"])
        expect(yield* fetched(shared(token).get(sMaxAge))).toEqual(["account-of:Bearer t", "hit"])
      }).pipe(provide))

    it.scopedLive("s-maxage sets the freshness of a shared store, and a response that sets a cookie is not stored there", () =>
      Effect.gen(function* () {
        const server = yield* origin
        // max-age=0 would make it stale at once; s-maxage=600 is what a shared cache reads.
        const url = `${server.url}/account?cc=${encodeURIComponent("max-age=0, s-maxage=600")}`
        expect(yield* fetched(shared().get(url))).toEqual(["account-of:nobody", "miss"])
        expect(yield* fetched(shared().get(url))).toEqual(["account-of:nobody", "hit"])
        const welcome = yield* fetched(shared().get(`${server.url}/welcome`))
        const again = yield* shared().get(`${server.url}/welcome`)
        expect([welcome[1], again.cache]).toEqual(["miss", "miss"])
        expect(again.headers.get("set-cookie")).not.toBe(`sid=visitor-${server.requests() - 1}; Path=/`)
      }).pipe(provide))
  })
}
