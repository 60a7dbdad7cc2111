import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Auth, Http, Retry } from "effect-requests"
import { NodeHttp } from "effect-requests/node"
import { TestServer } from "effect-requests/testing"
import { certificate, connectProxy, makeProxy } from "./fixtures.js"

const redirectTo = (from: string, to: string) => `${from}/redirect-to?url=${encodeURIComponent(to)}&status_code=302`
const basic = (user: string, password: string) => `Basic ${btoa(`${user}:${password}`)}`

describe("proxy (NodeHttp.layer)", () => {
  it.scoped("requests go through the proxy in a CONNECT tunnel, the proxy's credentials on the CONNECT only", () =>
    Effect.gen(function* () {
      const proxy = yield* connectProxy
      const server = yield* TestServer.make()
      const api = Http.make({ proxy: `http://user:pw@127.0.0.1:${proxy.port}` })
      const res = yield* api.get(`${server.url}/headers`).pipe(Effect.provide(NodeHttp.layer))
      expect(res.status).toBe(200)
      expect(proxy.connects().map((c) => c.target)).toEqual([`127.0.0.1:${server.port}`])
      expect(proxy.connects()[0]!.headers["proxy-authorization"]).toBe(basic("user", "pw"))
      expect(proxy.plainRequests()).toBe(0)
      expect((yield* server.received)[0]!.headers["proxy-authorization"]).toBeUndefined()
    }))

  it.scoped("Proxy-Authorization never reaches the https origin a redirect leads to (requests CVE-2023-32681)", () =>
    Effect.gen(function* () {
      const { cert, key } = yield* certificate
      const proxy = yield* connectProxy
      const a = yield* TestServer.make()
      const b = yield* TestServer.make({ tls: { key, cert } })
      const api = Http.make({ proxy: `http://user:pw@127.0.0.1:${proxy.port}`, auth: Auth.bearer("token-for-a") })
      const res = yield* api.get(redirectTo(a.url, `${b.url}/headers`)).pipe(Effect.provide(NodeHttp.layerWith({ tls: { ca: cert } })))
      expect(res.url).toBe(`${b.url}/headers`)
      expect(proxy.connects().map((c) => c.target)).toEqual([`127.0.0.1:${a.port}`, `127.0.0.1:${b.port}`])
      const atB = (yield* b.received)[0]!.headers
      expect(atB["proxy-authorization"]).toBeUndefined()
      expect(atB.authorization).toBeUndefined()
    }))

  it.scoped("a redirect to a host that bypasses the proxy carries no Proxy-Authorization (axios GHSA-j5f8-grm9-p9fc, Go CVE-2025-4673)", () =>
    Effect.gen(function* () {
      const { cert, key } = yield* certificate
      const proxy = yield* connectProxy
      const a = yield* TestServer.make()
      const b = yield* TestServer.make({ tls: { key, cert } })
      const api = Http.make({ proxy: { url: `http://user:pw@127.0.0.1:${proxy.port}`, noProxy: `127.0.0.1:${b.port}` } })
      yield* api.get(redirectTo(a.url, `${b.url}/headers`)).pipe(Effect.provide(NodeHttp.layerWith({ tls: { ca: cert } })))
      expect(proxy.connects().map((c) => c.target)).toEqual([`127.0.0.1:${a.port}`])
      expect((yield* b.received)[0]!.headers["proxy-authorization"]).toBeUndefined()
    }))

  it.scoped("NO_PROXY=localhost,127.0.0.1 also covers 127.1 and [::1]: the proxy gets no tunnel (axios GHSA-m7pr-hjqh-92cm)", () =>
    Effect.gen(function* () {
      const proxy = yield* connectProxy
      const v4 = yield* TestServer.make()
      const v6 = yield* TestServer.make({ host: "::1" })
      const api = Http.make({ proxy: { url: proxy.url, noProxy: "localhost,127.0.0.1" } })
      for (const url of [`http://127.1:${v4.port}/get`, `http://0x7f.0.0.1:${v4.port}/get`, `http://[::1]:${v6.port}/get`]) {
        const res = yield* api.get(url).pipe(Effect.provide(NodeHttp.layer))
        expect(res.status, url).toBe(200)
      }
      expect(proxy.connects()).toEqual([])
      expect((yield* v4.received).length + (yield* v6.received).length).toBe(3)
    }))

  it.scoped("a Proxy-Authorization header set by hand on a proxied session is an InvalidRequest", () =>
    Effect.gen(function* () {
      const proxy = yield* connectProxy
      const server = yield* TestServer.make()
      const api = Http.make({ proxy: proxy.url })
      const err = yield* api.get(`${server.url}/get`, { headers: { "proxy-authorization": "Basic eDp5" } }).pipe(
        Effect.provide(NodeHttp.layer),
        Effect.flip
      )
      expect(err).toMatchObject({ _tag: "InvalidRequest" })
      expect(err.message).not.toContain("eDp5")
      expect(proxy.connects()).toEqual([])
    }))

  it.scoped("tunnel: \"https-only\" sends an http:// request in forward mode, through a proxy that allows CONNECT to 443 only", () =>
    Effect.gen(function* () {
      const proxy = yield* makeProxy({ connectPorts: [443], forward: true, credentials: basic("user", "pw") })
      const server = yield* TestServer.make()
      const api = Http.make({ proxy: { url: `http://user:pw@127.0.0.1:${proxy.port}`, tunnel: "https-only" } })
      const res = yield* api.get(`${server.url}/headers`, { auth: Auth.bearer("origin-token") }).pipe(Effect.provide(NodeHttp.layer))
      expect(res.status).toBe(200)
      expect(proxy.connects()).toEqual([])
      const [forward] = proxy.forwarded()
      expect(forward!.url).toBe(`${server.url}/headers`)
      expect(forward!.headers["proxy-authorization"]).toBe(basic("user", "pw"))
      const atOrigin = (yield* server.received)[0]!.headers
      expect(atOrigin["proxy-authorization"]).toBeUndefined()
      expect(atOrigin.authorization).toBe("Bearer origin-token")
    }))

  it.scoped("tunnel: \"https-only\" still tunnels an https:// request with CONNECT", () =>
    Effect.gen(function* () {
      const { cert, key } = yield* certificate
      const proxy = yield* makeProxy({ forward: true })
      const server = yield* TestServer.make({ tls: { key, cert } })
      const api = Http.make({ proxy: { url: proxy.url, tunnel: "https-only" } })
      const res = yield* api.get(`${server.url}/get`).pipe(Effect.provide(NodeHttp.layerWith({ tls: { ca: cert } })))
      expect(res.status).toBe(200)
      expect(proxy.connects().map((c) => c.target)).toEqual([`127.0.0.1:${server.port}`])
      expect(proxy.forwarded()).toEqual([])
    }))

  it.scoped("a CONNECT the proxy refuses (403 for a port other than 443) is final: one attempt, a message with the status and the way out", () =>
    Effect.gen(function* () {
      const proxy = yield* makeProxy({ connectPorts: [443] })
      const server = yield* TestServer.make()
      const err = yield* Http.make({ proxy: proxy.url }).get(`${server.url}/get`).pipe(
        Effect.provide(NodeHttp.layer),
        Effect.flip
      )
      expect(err._tag).toBe("ConnectionError")
      expect(err.message).toContain("the proxy refused the request with 403")
      expect(err.message).toContain(`tunnel: "https-only"`)
      expect(err.message).not.toContain("after")
      expect(proxy.connects()).toHaveLength(1)
      expect(yield* server.received).toEqual([])
    }))

  it.scoped("wrong proxy credentials (407) are final in both modes, and the message never shows them", () =>
    Effect.gen(function* () {
      const proxy = yield* makeProxy({ forward: true, credentials: basic("user", "right") })
      const server = yield* TestServer.make()
      for (const tunnel of ["always", "https-only"] as const) {
        const api = Http.make({ proxy: { url: `http://user:wrong-secret@127.0.0.1:${proxy.port}`, tunnel } })
        const err = yield* api.get(`${server.url}/get`).pipe(Effect.provide(NodeHttp.layer), Effect.flip)
        expect(err._tag, tunnel).toBe("ConnectionError")
        expect(err.message, tunnel).toContain("the proxy refused the request with 407")
        expect(err.message, tunnel).not.toContain("wrong-secret")
        expect(String(err.cause), tunnel).not.toContain("wrong-secret")
      }
      expect(proxy.connects()).toHaveLength(1)
      expect(proxy.forwarded()).toHaveLength(1)
      expect(yield* server.received).toEqual([])
    }))

  it.effect("a proxy tunnel mode other than \"always\" or \"https-only\" is an InvalidRequest", () =>
    Effect.gen(function* () {
      const err = yield* Http.make({ proxy: { url: "http://127.0.0.1:3128", tunnel: "never" as never } }).get("http://127.0.0.1:9/get").pipe(
        Effect.provide(NodeHttp.layer),
        Effect.flip
      )
      expect(err).toMatchObject({ _tag: "InvalidRequest" })
      expect(err.message).toContain("tunnel")
    }))

  it.scoped("a transport that cannot proxy refuses instead of going direct", () =>
    Effect.gen(function* () {
      const proxy = yield* connectProxy
      const server = yield* TestServer.make()
      const err = yield* Http.make({ proxy: proxy.url }).get(`${server.url}/get`, { retry: Retry.none }).pipe(
        Effect.provide(Http.layer),
        Effect.flip
      )
      expect(err).toMatchObject({ _tag: "InvalidRequest" })
      expect(yield* server.received).toEqual([])
    }))

  it.effect("a proxy URL that is not http(s) is an InvalidRequest", () =>
    Effect.gen(function* () {
      const err = yield* Http.make({ proxy: "socks5://127.0.0.1:1080" }).get("http://127.0.0.1:9/get").pipe(
        Effect.provide(NodeHttp.layer),
        Effect.flip
      )
      expect(err).toMatchObject({ _tag: "InvalidRequest" })
    }))
})
