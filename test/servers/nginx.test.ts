import type * as HttpClient from "#line/http/HttpClient"
import { describe, expect, layer } from "@effect/vitest"
import { Effect, Layer, Schema } from "effect"
import { Http, Retry } from "effect-requests"
import { NodeHttp } from "effect-requests/node"
import { certificate, tlsTransports } from "../security/fixtures.js"
import { BIG_BYTES, missing, nginx, nginxBinary, tinyproxy, tinyproxyBinary } from "./daemons.js"
import { fold } from "#testline"

const Data = Schema.Struct({ items: Schema.Array(Schema.Struct({ id: Schema.Number, name: Schema.String })) })

const server = Effect.flatMap(certificate, nginx)

/** NodeHttp offering HTTP/2, trusting the test certificate. */
const h2 = Effect.map(certificate, ({ cert }) => NodeHttp.layerWith({ allowH2: true, tls: { ca: cert } }))

const over = <A, E>(transport: Layer.Layer<HttpClient.HttpClient>, effect: Effect.Effect<A, E, HttpClient.HttpClient>) =>
  Effect.provide(effect, transport)

describe.skipIf(nginxBinary === undefined)(`nginx (${nginxBinary === undefined ? missing("nginx") : "found"})`, () => {
  layer(Layer.empty, { excludeTestServices: true })((it) => {
    it.scoped("gzip, redirects, 204 and a 10 MB stream, over HTTP/1.1 and TLS, on both transports, with the same headers", () =>
      Effect.gen(function* () {
        const { cert } = yield* certificate
        const nginx = yield* server
        for (const [name, transport] of tlsTransports(cert)) {
          for (const base of [nginx.plain, nginx.secure]) {
            const context = `${name} ${base}`
            yield* over(transport, Effect.gen(function* () {
              const res = yield* Http.get(`${base}/json`)
              expect(res.headers.get("content-encoding"), context).toBeUndefined()
              expect(res.headers.get("content-length"), context).toBeUndefined()
              expect((yield* res.decode(Data)).items, context).toHaveLength(200)
              for (const path of ["/found", "/moved", "/see-other"]) {
                const redirected = yield* Http.get(`${base}${path}`)
                expect(redirected.url, context).toBe(`${base}/json`)
                expect(redirected.redirects, context).toEqual([`${base}/json`])
              }
              const afterPost = yield* Http.post(`${base}/see-other`, { json: { a: 1 } })
              expect(afterPost.url, context).toBe(`${base}/json`)
              const empty = yield* Http.del(`${base}/empty`)
              expect([empty.status, yield* empty.text], context).toEqual([204, ""])
              const big = yield* Http.get(`${base}/big`)
              const size = yield* big.stream.pipe((stream) => fold(stream, 0, (n, chunk) => n + chunk.length))
              expect(size, context).toBe(BIG_BYTES)
            }))
          }
        }
        const seeOther = nginx.served().filter((line) => line.uri === "/see-other")
        expect(seeOther.every((line) => line.status === 303)).toBe(true)
        expect(nginx.served().filter((line) => line.protocol === "HTTP/2.0").length).toBeGreaterThan(0)
      }), 60_000)

    it.scoped("HTTP/2 with keepalive_requests 20: 200 sequential GETs and 40 POSTs, retries off, all succeed, each sent once", () =>
      Effect.gen(function* () {
        const nginx = yield* server
        const transport = yield* h2
        const api = Http.make({ retry: Retry.none })
        yield* over(transport, Effect.gen(function* () {
          for (let i = 0; i < 200; i++) {
            const res = yield* api.get(`${nginx.secure}/json`)
            expect(res.httpVersion).toBe("2")
            yield* res.bytes
          }
          for (let i = 0; i < 40; i++) {
            const res = yield* api.post(`${nginx.secure}/post`, { json: { i } })
            expect(yield* res.json).toEqual({ ok: true })
          }
        }))
        const served = yield* nginx.servedAtLeast(240)
        expect(served.filter((line) => line.uri === "/json")).toHaveLength(200)
        expect(served.filter((line) => line.uri === "/post")).toHaveLength(40)
        expect(served.every((line) => line.protocol === "HTTP/2.0")).toBe(true)
        // nginx closes each connection after 20 requests: 240 requests took 12 connections.
        expect(new Set(served.map((line) => line.connection)).size).toBe(12)
      }), 60_000)

    it.scoped("HTTP/2 multiplexes: 16 concurrent GETs share one connection", () =>
      Effect.gen(function* () {
        const nginx = yield* server
        const transport = yield* h2
        yield* over(
          transport,
          Effect.forEach(Array.from({ length: 16 }), () => Http.get(`${nginx.secure}/json`).pipe(Effect.flatMap((res) => res.bytes)), {
            concurrency: "unbounded"
          })
        )
        const served = yield* nginx.servedAtLeast(16)
        expect(served).toHaveLength(16)
        expect(new Set(served.map((line) => line.connection)).size).toBe(1)
      }), 30_000)

    it.scoped.skipIf(tinyproxyBinary === undefined)("HTTP/2 through a CONNECT tunnel (tinyproxy): allowH2 reaches the origin's TLS inside the tunnel, and without it HTTP/1.1 does", () =>
      Effect.gen(function* () {
        const nginx = yield* server
        const port = Number(new URL(nginx.secure).port)
        const proxy = yield* tinyproxy({ user: "u", password: "p", connectPorts: [port] })
        const { cert } = yield* certificate
        const api = Http.make({ proxy: proxy.url })
        const h2res = yield* over(yield* h2, api.get(`${nginx.secure}/json`))
        const h1res = yield* over(NodeHttp.layerWith({ tls: { ca: cert } }), api.get(`${nginx.secure}/json`))
        expect([h2res.httpVersion, h1res.httpVersion]).toEqual(["2", "1.1"])
        expect((yield* nginx.servedAtLeast(2)).map((line) => line.protocol)).toEqual(["HTTP/2.0", "HTTP/1.1"])
      }), 30_000)

    it.scoped("limit_req: a 429 carries Retry-After, and the default retries wait it out", () =>
      Effect.gen(function* () {
        const nginx = yield* server
        yield* over(NodeHttp.layer, Effect.gen(function* () {
          yield* Http.get(`${nginx.plain}/limited`)
          const refused = yield* Http.get(`${nginx.plain}/limited`, { retry: Retry.none }).pipe(Effect.flip)
          expect(refused).toMatchObject({ _tag: "StatusError", status: 429 })
          expect(refused._tag === "StatusError" && refused.retryAfter).toBeTruthy()
          const waited = yield* Http.get(`${nginx.plain}/limited`)
          expect(yield* waited.json).toEqual({ ok: true })
        }))
        expect((yield* nginx.servedAtLeast(4)).map((line) => line.status)).toEqual([200, 429, 429, 200])
      }), 30_000)

    it.scoped("a self-signed certificate fails after exactly 1 attempt, naming the verification failure", () =>
      Effect.gen(function* () {
        const nginx = yield* server
        for (const transport of [NodeHttp.layer, Http.layer]) {
          const err = yield* over(transport, Http.get(`${nginx.secure}/json`)).pipe(Effect.flip)
          expect(err._tag).toBe("ConnectionError")
          expect(err.message).toMatch(/self[- ]signed/i)
          expect(err.message).not.toContain("attempts")
        }
      }), 30_000)
  })
})
