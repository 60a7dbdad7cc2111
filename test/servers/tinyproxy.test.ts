import { describe, expect, layer } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { Auth, Http } from "effect-requests"
import { NodeHttp } from "effect-requests/node"
import { TestServer } from "effect-requests/testing"
import { certificate } from "../security/fixtures.js"
import { missing, tinyproxy, tinyproxyBinary } from "./daemons.js"

const credentials = { user: "proxyuser", password: "proxy-secret" }

describe.skipIf(tinyproxyBinary === undefined)(`tinyproxy (${tinyproxyBinary === undefined ? missing("tinyproxy") : "found"})`, () => {
  layer(Layer.empty, { excludeTestServices: true })((it) => {
    it.scoped("with its stock ConnectPort list, forward mode reaches an http:// origin; the proxy's credentials never reach it", () =>
      Effect.gen(function* () {
        const proxy = yield* tinyproxy(credentials)
        const origin = yield* TestServer.make()
        const api = Http.make({ proxy: { url: proxy.url, tunnel: "https-only" }, auth: Auth.bearer("origin-token") })
        const res = yield* api.get(`${origin.url}/headers`).pipe(Effect.provide(NodeHttp.layer))
        expect(res.status).toBe(200)
        const seen = (yield* origin.received)[0]!.headers
        expect(seen.via).toMatch(/tinyproxy/)
        expect(seen["proxy-authorization"]).toBeUndefined()
        expect(seen.authorization).toBe("Bearer origin-token")
      }))

    it.scoped("the default tunnel to an http:// origin on a port it does not allow is refused at once, with the way out", () =>
      Effect.gen(function* () {
        const proxy = yield* tinyproxy(credentials)
        const origin = yield* TestServer.make()
        const err = yield* Http.make({ proxy: proxy.url }).get(`${origin.url}/get`).pipe(Effect.provide(NodeHttp.layer), Effect.flip)
        expect(err._tag).toBe("ConnectionError")
        expect(err.message).toContain("the proxy refused the request with 403")
        expect(err.message).toContain(`tunnel: "https-only"`)
        expect(err.message).not.toContain("attempts")
        expect(err.message).not.toContain(credentials.password)
        expect(yield* origin.received).toEqual([])
      }))

    it.scoped("CONNECT to an https origin on an allowed port: TLS end to end, Proxy-Authorization on the CONNECT only", () =>
      Effect.gen(function* () {
        const { cert, key } = yield* certificate
        const origin = yield* TestServer.make({ tls: { cert, key } })
        const proxy = yield* tinyproxy({ ...credentials, connectPorts: [origin.port] })
        const res = yield* Http.make({ proxy: proxy.url }).get(`${origin.url}/headers`).pipe(
          Effect.provide(NodeHttp.layerWith({ tls: { ca: cert } }))
        )
        expect(res.status).toBe(200)
        const seen = (yield* origin.received)[0]!.headers
        expect(seen["proxy-authorization"]).toBeUndefined()
        // Tunnelled: tinyproxy saw only ciphertext, so it added no Via.
        expect(seen.via).toBeUndefined()
      }))

    it.scoped("a self-signed certificate through the tunnel fails after exactly 1 attempt, naming the verification failure", () =>
      Effect.gen(function* () {
        const { cert, key } = yield* certificate
        const origin = yield* TestServer.make({ tls: { cert, key } })
        const proxy = yield* tinyproxy({ ...credentials, connectPorts: [origin.port] })
        const err = yield* Http.make({ proxy: proxy.url }).get(`${origin.url}/get`).pipe(Effect.provide(NodeHttp.layer), Effect.flip)
        expect(err._tag).toBe("ConnectionError")
        expect(err.message).toMatch(/self[- ]signed/i)
        expect(err.message).not.toContain("attempts")
      }))

    it.scoped("wrong proxy credentials are refused once, never retried, never in the message: a tunnel's as a ConnectionError, forward mode's as the 401 tinyproxy answers", () =>
      Effect.gen(function* () {
        const proxy = yield* tinyproxy(credentials)
        const origin = yield* TestServer.make()
        const wrong = proxy.url.replace(credentials.password, "not-the-secret")
        const send = (tunnel: "always" | "https-only") =>
          Http.make({ proxy: { url: wrong, tunnel } }).get(`${origin.url}/get`).pipe(Effect.provide(NodeHttp.layer), Effect.flip)
        // tinyproxy says 401 where RFC 9110 says 407.
        const tunnelled = yield* send("always")
        expect(tunnelled._tag).toBe("ConnectionError")
        expect(tunnelled.message).toContain("the proxy refused the request with 401: the proxy wants credentials")
        // In forward mode the answer is an ordinary response: nothing tells the proxy's 401 from the origin's.
        const forwarded = yield* send("https-only")
        expect(forwarded).toMatchObject({ _tag: "StatusError", status: 401 })
        for (const err of [tunnelled, forwarded]) {
          expect(err.message).not.toContain("not-the-secret")
          expect(err.message).not.toContain("attempts")
        }
        expect(yield* origin.received).toEqual([])
      }))

    it.scoped("noProxy: a listed host goes direct, past the proxy", () =>
      Effect.gen(function* () {
        const proxy = yield* tinyproxy(credentials)
        const origin = yield* TestServer.make()
        const api = Http.make({ proxy: { url: proxy.url, tunnel: "https-only", noProxy: "127.0.0.1" } })
        yield* api.get(`${origin.url}/get`).pipe(Effect.provide(NodeHttp.layer))
        expect((yield* origin.received)[0]!.headers.via).toBeUndefined()
      }))
  })
})
