import type * as http from "node:http"
import { createServer } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as zlib from "node:zlib"
import { Agent, type Dispatcher } from "undici"
import type * as HttpClient from "#line/http/HttpClient"
import { describe, expect, it } from "@effect/vitest"
import { Deferred, Effect, Exit, Fiber, Layer, Scope, Stream } from "effect"
import { Http, Retry } from "effect-requests"
import { NodeHttp } from "effect-requests/node"
import { httpServer, transports } from "./helpers.js"
import { collect, fork, timeoutFail } from "#testline"

const openSockets = () => process.getActiveResourcesInfo().filter((kind) => kind === "TCPSocketWrap").length

describe("transports", () => {
  for (const [name, transport] of transports) {
    it.scopedLive(`interrupting a request closes its socket: the server sees the close [${name}]`, () =>
      Effect.gen(function* () {
        const closed = yield* Deferred.make<void>()
        const arrived = yield* Deferred.make<void>()
        const { url } = yield* httpServer((req) => {
          Effect.runSync(Deferred.succeed(arrived, undefined))
          req.socket.on("close", () => Effect.runSync(Deferred.succeed(closed, undefined)))
        })
        const fiber = yield* Http.get(`${url}/hang`, { retry: Retry.none }).pipe(Effect.provide(transport), fork)
        yield* Deferred.await(arrived)
        yield* Fiber.interrupt(fiber)
        yield* Deferred.await(closed).pipe(timeoutFail({ duration: "5 seconds", onTimeout: () => "socket stayed open" }))
      }))
  }
})

describe("interruption from outside the library", () => {
  // The request is stopped when the fiber waiting for it is interrupted,
  // whichever combinator interrupts it.
  const closesSocket = (
    name: string,
    transport: Layer.Layer<HttpClient.HttpClient>,
    interrupt: (request: Effect.Effect<Http.Response, unknown>) => Effect.Effect<unknown, unknown>,
    respond: (res: http.ServerResponse) => void = () => {}
  ) =>
    Effect.gen(function* () {
      const closed = yield* Deferred.make<void>()
      const { url } = yield* httpServer((req, res) => {
        req.socket.on("close", () => Effect.runSync(Deferred.succeed(closed, undefined)))
        respond(res)
      })
      yield* interrupt(Http.get(`${url}/hang`, { retry: Retry.none }).pipe(Effect.provide(transport)))
      yield* Deferred.await(closed).pipe(timeoutFail({ duration: "5 seconds", onTimeout: () => `socket stayed open [${name}]` }))
    })

  for (const [name, transport] of transports) {
    it.scopedLive(`Effect.timeout around a request closes its socket [${name}]`, () =>
      closesSocket(name, transport, (request) => Effect.timeout(request, "100 millis").pipe(Effect.flip)))

    it.scopedLive(`the loser of Effect.race closes its socket [${name}]`, () =>
      closesSocket(name, transport, (request) => Effect.race(request, Effect.sleep("100 millis"))))

    // A small body that has not come with its headers is read as it comes: the reader is interrupted.
    it.scopedLive(`interrupted while a small body is on its way: the socket closes [${name}]`, () =>
      closesSocket(name, transport, (request) => Effect.timeout(Effect.flatMap(request, (res) => res.bytes), "100 millis").pipe(Effect.flip), (res) => {
        res.writeHead(200, { "content-length": "10" })
        res.write("12345")
      }))

    it.scopedLive(`interrupted while reading a large body: the socket closes [${name}]`, () =>
      closesSocket(
        name,
        transport,
        (request) => Effect.timeout(Effect.flatMap(request, (res) => res.bytes), "200 millis").pipe(Effect.flip),
        (res) => {
          res.writeHead(200, { "content-length": String(1024 * 1024) })
          res.write(Buffer.alloc(128 * 1024))
        }
      ))
  }
})

describe("deadlines on real servers", () => {
  for (const [name, transport] of transports) {
    it.scopedLive(`a body that stalls past the timeout is a TimeoutError of the body phase, and the socket closes [${name}]`, () =>
      Effect.gen(function* () {
        const closed = yield* Deferred.make<void>()
        const { url } = yield* httpServer((req, res) => {
          req.socket.on("close", () => Effect.runSync(Deferred.succeed(closed, undefined)))
          res.writeHead(200, { "content-type": "application/json", "content-length": "100" })
          res.write("{\"partial\":")
        })
        const err = yield* Http.get(`${url}/`, { timeout: "300 millis", retry: Retry.none }).pipe(
          Effect.flatMap((res) => res.text),
          Effect.provide(transport),
          Effect.flip
        )
        expect(err).toMatchObject({ _tag: "TimeoutError", phase: "body" })
        yield* Deferred.await(closed).pipe(timeoutFail({ duration: "5 seconds", onTimeout: () => "socket stayed open" }))
      }))

    it.scopedLive(`a streamed body may take longer than the timeout: the consumer sets the pace [${name}]`, () =>
      Effect.gen(function* () {
        const { url } = yield* httpServer((_req, res) => {
          res.writeHead(200, { "content-type": "text/plain" })
          let sent = 0
          const tick = setInterval(() => {
            res.write(`line ${sent}\n`)
            if (++sent === 6) {
              clearInterval(tick)
              res.end()
            }
          }, 100)
        })
        const lines = yield* Http.get(`${url}/`, { timeout: "250 millis", retry: Retry.none }).pipe(
          Effect.flatMap((res) => collect(res.lines)),
          Effect.provide(transport)
        )
        expect((lines)).toEqual(["line 0", "line 1", "line 2", "line 3", "line 4", "line 5"])
      }))

    it.scopedLive(`a small body cut off by the server: the response arrives, reading it fails [${name}]`, () =>
      Effect.gen(function* () {
        const { url } = yield* httpServer((_req, res) => {
          res.writeHead(200, { "content-type": "application/json", "content-length": "100" })
          res.write("{\"cut\":", () => res.destroy())
        })
        const response = yield* Http.get(`${url}/`, { retry: Retry.none }).pipe(Effect.provide(transport))
        expect(response.status).toBe(200)
        const err = yield* Effect.flip(response.text)
        expect(err._tag).toBe("ConnectionError")
      }))

    it.scopedLive(`a body that completes before the deadline can be read after it [${name}]`, () =>
      Effect.gen(function* () {
        const { url } = yield* httpServer((_req, res) => res.end("done"))
        const text = yield* Effect.gen(function* () {
          // A wide deadline: the response must come in time even on a loaded machine.
          const res = yield* Http.get(`${url}/`, { timeout: "1 second" })
          yield* Effect.sleep("1500 millis")
          return yield* res.text
        }).pipe(Effect.provide(transport))
        expect(text).toBe("done")
      }))
  }
})

describe("NodeHttp.layer", () => {
  it.scopedLive("closes every socket when its scope closes", () =>
    Effect.gen(function* () {
      const { url } = yield* httpServer((_req, res) => res.end("ok"))
      const before = openSockets()
      const scope = yield* Scope.make()
      const context = yield* Layer.buildWithScope(NodeHttp.layer, scope)
      yield* Effect.forEach([1, 2, 3, 4], () => Http.get(`${url}/`).pipe(Effect.flatMap((r) => r.text)), { concurrency: 4 }).pipe(
        Effect.provide(context)
      )
      expect(openSockets()).toBeGreaterThan(before)
      yield* Scope.close(scope, Exit.void)
      for (let i = 0; i < 250 && openSockets() > before; i++) yield* Effect.sleep("20 millis")
      expect(openSockets()).toBeLessThanOrEqual(before)
    }))

  it.scopedLive("a body read after the layer's scope closed is a ConnectionError that says to keep the layer around the read", () =>
    Effect.gen(function* () {
      const { url } = yield* httpServer((_req, res) => {
        res.writeHead(200, { "content-type": "text/plain" })
        res.write("partial") // and no end: the body is still open when the layer closes
      })
      const response = yield* Http.get(`${url}/`, { retry: Retry.none }).pipe(Effect.provide(NodeHttp.layer))
      const error = yield* Effect.flip(response.text)
      expect(error._tag).toBe("ConnectionError")
      expect(error.message).toContain("the NodeHttp layer was closed before this response's body was read")
    }))

  it.scopedLive("the platform response's body read twice gives the same bytes both times", () =>
    Effect.gen(function* () {
      const body = Buffer.alloc(48 * 1024, 7)
      const { url } = yield* httpServer((_req, res) => {
        res.writeHead(200, { "content-length": String(body.length * 2) })
        // Two writes a tick apart: the body arrives in several chunks.
        res.write(body, () => setTimeout(() => res.end(body), 10))
      })
      const [first, again] = yield* Effect.gen(function* () {
        const response = yield* Http.get(`${url}/`)
        const first = yield* response.bytes
        return [first, new Uint8Array(yield* response.raw.arrayBuffer)] as const
      }).pipe(Effect.provide(NodeHttp.layer))
      expect(first.length).toBe(body.length * 2)
      expect(again).toEqual(first)
      expect(again.every((byte) => byte === 7)).toBe(true)
    }))

  it.scopedLive("decodes deflate and br, and a gzip-then-br chain", () =>
    Effect.gen(function* () {
      const text = JSON.stringify({ hello: "world" })
      const { url } = yield* httpServer((req, res) => {
        const [encoding, body] = req.url === "/deflate"
          ? ["deflate", zlib.deflateSync(text)]
          : req.url === "/br"
          ? ["br", zlib.brotliCompressSync(text)]
          : ["gzip, br", zlib.brotliCompressSync(zlib.gzipSync(text))]
        res.writeHead(200, { "content-encoding": encoding, "content-type": "application/json" })
        res.end(body)
      })
      for (const path of ["/deflate", "/br", "/chain"]) {
        const json = yield* Http.get(`${url}${path}`).pipe(Effect.flatMap((r) => r.json), Effect.provide(NodeHttp.layer))
        expect(json).toEqual({ hello: "world" })
      }
    }))
})

describe("NodeHttp request bodies", () => {
  it.scopedLive("a stream sent with the caller's Content-Length goes out at that length, not chunked", () =>
    Effect.gen(function* () {
      const seen: Array<http.IncomingHttpHeaders> = []
      const { url } = yield* httpServer((req, res) => {
        seen.push(req.headers)
        req.resume()
        req.on("end", () => res.end("ok"))
      })
      const body = Stream.fromIterable(["st", "re", "am"]).pipe(Stream.encodeText)
      const res = yield* Http.post(`${url}/`, { body, headers: { "Content-Length": "6" } }).pipe(Effect.provide(NodeHttp.layer))
      expect(yield* res.text).toBe("ok")
      expect(seen[0]?.["content-length"]).toBe("6")
      expect(seen[0]?.["transfer-encoding"]).toBeUndefined()
    }))
})

describe("NodeHttp.layerWith({ dispatcher })", () => {
  /** A server on a unix socket, answering with the path and the headers it saw. */
  const unixServer = Effect.acquireRelease(
    Effect.promise(() =>
      new Promise<{ path: string; server: http.Server }>((resolve) => {
        const path = join(tmpdir(), `effect-requests-${process.pid}-${Math.random().toString(16).slice(2)}.sock`)
        const server = createServer((req, res) => {
          const delay = req.url === "/slow" ? 2000 : 0
          setTimeout(() => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ url: req.url, headers: req.headers })), delay)
        })
        server.listen(path, () => resolve({ path, server }))
      })
    ),
    ({ server }) => Effect.promise(() => new Promise<void>((done) => {
      server.close(() => done())
      server.closeAllConnections()
    }))
  )
  const ownAgent = (make: () => Dispatcher) => Effect.acquireRelease(Effect.sync(make), (agent) => Effect.promise(() => agent.close()))

  it.scopedLive("sends over the caller's Agent on a unix socket, which outlives the layer", () =>
    Effect.gen(function* () {
      const { path } = yield* unixServer
      const agent = yield* ownAgent(() => new Agent({ connect: { socketPath: path } }))
      const get = (url: string) => Effect.flatMap(Http.get(url), (res) => res.json).pipe(Effect.provide(NodeHttp.layerWith({ dispatcher: agent })))
      expect(yield* get("http://localhost/first")).toMatchObject({ url: "/first" })
      // The first layer has closed; the agent is still the caller's, and still works.
      expect(yield* get("http://localhost/second")).toMatchObject({ url: "/second" })
    }))

  it.scopedLive("an Agent composed with an interceptor: the interceptor runs, and the library's timeout still holds", () =>
    Effect.gen(function* () {
      const { path } = yield* unixServer
      const stamp: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (options, handler) =>
        dispatch({ ...options, headers: { ...options.headers as Record<string, string>, "x-intercepted": "yes" } }, handler)
      const agent = yield* ownAgent(() => new Agent({ connect: { socketPath: path } }).compose(stamp))
      const layer = NodeHttp.layerWith({ dispatcher: agent })
      const echo = yield* Effect.flatMap(Http.get("http://localhost/x"), (res) => res.json).pipe(Effect.provide(layer))
      expect(echo).toMatchObject({ headers: { "x-intercepted": "yes" } })
      const late = yield* Http.get("http://localhost/slow", { timeout: "200 millis", retry: Retry.none }).pipe(Effect.provide(layer), Effect.flip)
      expect(late).toMatchObject({ _tag: "TimeoutError", phase: "headers" })
    }))
})
