import { describe, expect, it } from "@effect/vitest"
import type * as HttpClient from "#line/http/HttpClient"
import { Effect, Layer, type Scope } from "effect"
import { Auth, Http, Retry } from "effect-requests"
import { TestServer } from "effect-requests/testing"
import { transports } from "../helpers.js"
import { certificate, tlsTransports } from "./fixtures.js"
import * as Effects from "#line/effect"

const redirectTo = (from: string, to: string) => `${from}/redirect-to?url=${encodeURIComponent(to)}&status_code=302`
const credentials = { auth: Auth.bearer("s3cret"), headers: { cookie: "sid=1" } }

/** Runs `test` once per transport, each trusting the test certificate. */
const overTls = (
  test: (transport: string) => Effect.Effect<void, unknown, TestServer.TestServer | HttpClient.HttpClient | Scope.Scope>
) =>
  Effect.gen(function* () {
    const { cert, key } = yield* certificate
    for (const [name, layer] of tlsTransports(cert)) {
      const server = Effects.layerScoped(TestServer.TestServer, TestServer.make({ tls: { key, cert } }))
      yield* Effect.scoped(test(name).pipe(Effect.provide(Layer.merge(server, layer))))
    }
  })

describe("TLS", () => {
  it.scoped("an https→http redirect is an InvalidRequest and nothing is sent over http (requests CVE-2018-18074)", () =>
    overTls((transport) =>
      Effect.gen(function* () {
        const secure = yield* TestServer.url
        expect(secure).toMatch(/^https:/)
        const plain = yield* TestServer.make()
        const err = yield* Http.get(redirectTo(secure, `${plain.url}/headers`), credentials).pipe(Effect.flip)
        expect(err, transport).toMatchObject({ _tag: "InvalidRequest" })
        expect(err.message).toContain("allowInsecureRedirects")
        expect(yield* plain.received).toEqual([])
      })
    ))

  it.scoped("with allowInsecureRedirects the downgrade is followed, without Authorization or Cookie (requests CVE-2018-18074)", () =>
    overTls((transport) =>
      Effect.gen(function* () {
        const secure = yield* TestServer.url
        const plain = yield* TestServer.make()
        const api = Http.make({ allowInsecureRedirects: true })
        const res = yield* api.get(redirectTo(secure, `${plain.url}/headers`), credentials)
        expect(res.url, transport).toBe(`${plain.url}/headers`)
        const seen = (yield* plain.received).at(-1)!
        expect(seen.headers.authorization).toBeUndefined()
        expect(seen.headers.cookie).toBeUndefined()
        // Over the https hop itself, the credentials did go (same origin as asked).
        const first = (yield* TestServer.received).at(-1)!
        expect(first.headers.authorization).toBe("Bearer s3cret")
      })
    ))

  it.scoped("an http→https redirect (an upgrade) is followed", () =>
    overTls(() =>
      Effect.gen(function* () {
        const secure = yield* TestServer.url
        const plain = yield* TestServer.make()
        const res = yield* Http.get(redirectTo(plain.url, `${secure}/get`))
        expect(res.url).toBe(`${secure}/get`)
      })
    ))

  it.scoped("a self-signed certificate is refused by the default transports with a ConnectionError", () =>
    Effect.gen(function* () {
      const { cert, key } = yield* certificate
      const server = yield* TestServer.make({ tls: { key, cert } })
      for (const [name, layer] of transports) {
        const err = yield* Http.get(`${server.url}/get`, { retry: Retry.none }).pipe(Effect.provide(layer), Effect.flip)
        expect(err, name).toMatchObject({ _tag: "ConnectionError" })
      }
      expect(yield* server.received).toEqual([])
    }))

  it.scopedLive("a certificate that does not verify is final: one attempt under the default retries, and the message names the failure", () =>
    Effect.gen(function* () {
      const { cert, key } = yield* certificate
      const server = yield* TestServer.make({ tls: { key, cert } })
      for (const [name, layer] of transports) {
        const err = yield* Http.get(`${server.url}/get`).pipe(Effect.provide(layer), Effect.flip)
        expect(err, name).toMatchObject({ _tag: "ConnectionError" })
        expect(err.attempts, name).toBeUndefined()
        expect(err.message, name).toMatch(/self[- ]signed certificate/i)
      }
    }))

  it.scoped("a pool that skipped verification is never reused by a client that verifies (requests CVE-2024-35195)", () =>
    Effect.gen(function* () {
      const { cert, key } = yield* certificate
      const server = yield* TestServer.make({ tls: { key, cert } })
      const insecure = tlsTransports(cert, { verify: false })
      for (const [name, verifying] of transports) {
        const unverified = insecure.find(([n]) => n === name)![1]
        // Both clients alive at once, the insecure one with a warm connection to the server.
        yield* Effect.gen(function* () {
          const ok = yield* Http.get(`${server.url}/get`)
          expect(ok.status, name).toBe(200)
          const err = yield* Http.get(`${server.url}/get`, { retry: Retry.none }).pipe(Effect.provide(verifying), Effect.flip)
          expect(err, name).toMatchObject({ _tag: "ConnectionError" })
          expect((yield* Http.get(`${server.url}/get`)).status).toBe(200)
        }).pipe(Effect.provide(unverified))
      }
      expect((yield* server.received).length).toBe(2 * transports.length)
    }))
})
