import * as net from "node:net"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Http } from "effect-requests"
import { NodeHttp } from "effect-requests/node"
import { httpServer, runTypeScript } from "./helpers.js"

/** A proxy that answers every request itself ("via-proxy"), in forward mode or after a CONNECT; or one that closes every connection. */
const proxyServer = (behaviour: "answer" | "close") =>
  Effect.acquireRelease(
    Effect.promise(() =>
      new Promise<{ url: string; connections: () => number; server: net.Server }>((resolve) => {
        let connections = 0
        const answer = "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 9\r\nconnection: close\r\n\r\nvia-proxy"
        const server = net.createServer((socket) => {
          connections++
          socket.on("error", () => {})
          if (behaviour === "close") return void socket.destroy()
          socket.once("data", (first) => {
            if (!first.toString("latin1").startsWith("CONNECT")) return void socket.end(answer)
            socket.write("HTTP/1.1 200 Connection established\r\n\r\n")
            socket.once("data", () => socket.end(answer))
          })
        })
        server.listen(0, "127.0.0.1", () =>
          resolve({ url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`, connections: () => connections, server }))
      })
    ),
    ({ server }) => Effect.promise(() => new Promise<void>((done) => server.close(() => done())))
  )

describe("proxies from the environment", () => {
  it.scopedLive("with NODE_USE_ENV_PROXY=1, Node's fetch sends Http.layer through HTTP_PROXY; NodeHttp.layer reads no environment and goes direct", () =>
    Effect.gen(function* () {
      const proxy = yield* proxyServer("answer")
      const { url } = yield* httpServer((_req, res) => res.end("direct"))
      const worker = join(import.meta.dirname, "fixtures", "envProxyWorker.ts")
      const out = yield* runTypeScript(worker, [`${url}/x`], 30_000, {
        NODE_USE_ENV_PROXY: "1",
        HTTP_PROXY: proxy.url,
        http_proxy: proxy.url,
        NO_PROXY: "",
        no_proxy: ""
      })
      // Node 22 reads NODE_USE_ENV_PROXY from 22.21; before, fetch goes direct as well.
      expect(out).toMatch(/^fetch: (via-proxy|direct)\nnode: direct\n$/)
      if (Number(process.versions.node.split(".")[0]) >= 24) expect(out).toContain("fetch: via-proxy")
    }), 40_000)

  it.scopedLive("a session's proxy that closes every tunnel is one ConnectionError per attempt, never a storm of reconnections", () =>
    Effect.gen(function* () {
      const proxy = yield* proxyServer("close")
      for (const target of ["http://127.0.0.2:8080/x", "https://127.0.0.2:8443/x"]) {
        const before = proxy.connections()
        const err = yield* Http.make({ proxy: proxy.url }).get(target, { timeout: "3 seconds" }).pipe(Effect.provide(NodeHttp.layer), Effect.flip)
        expect(err).toMatchObject({ _tag: "ConnectionError", attempts: 3 })
        expect(proxy.connections() - before).toBe(3)
      }
    }))

  it.scopedLive("proxy: \"env\" reads the variables when the session is made: through http_proxy, direct for NO_PROXY's hosts", () =>
    Effect.gen(function* () {
      const proxy = yield* proxyServer("answer")
      const { url } = yield* httpServer((_req, res) => res.end("direct"))
      const names = ["http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "no_proxy", "NO_PROXY", "REQUEST_METHOD"]
      const saved = names.map((name) => [name, process.env[name]] as const)
      const session = yield* Effect.acquireRelease(
        Effect.sync(() => {
          for (const name of names) delete process.env[name]
          process.env["http_proxy"] = proxy.url
          process.env["no_proxy"] = "127.0.0.1"
          return Http.make({ proxy: "env" })
        }),
        () => Effect.sync(() => {
          for (const [name, value] of saved) {
            if (value === undefined) delete process.env[name]
            else process.env[name] = value
          }
        })
      )
      const text = (target: string) => Effect.flatMap(session.get(target), (res) => res.text).pipe(Effect.provide(NodeHttp.layer))
      expect(yield* text("http://example.test/x")).toBe("via-proxy")
      expect(yield* text(`${url}/x`)).toBe("direct")
      expect(proxy.connections()).toBe(1)
      // Made without "env", a session reads nothing from the environment.
      const plain = yield* Effect.flatMap(Http.get(`${url}/y`), (res) => res.text).pipe(Effect.provide(NodeHttp.layer))
      expect(plain).toBe("direct")
    }))
})

