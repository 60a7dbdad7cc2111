import * as http from "node:http"
import * as net from "node:net"
import type * as HttpClient from "#line/http/HttpClient"
import { Effect, Layer, type Scope } from "effect"
import { Http } from "effect-requests"
import { NodeHttp } from "effect-requests/node"
import selfsigned from "selfsigned"
import { Agent, fetch as undiciFetch } from "undici"
import { unwrapLayer } from "#testline"

/** A self-signed certificate for 127.0.0.1 and localhost, made once per test file. */
export interface Certificate {
  readonly key: string
  readonly cert: string
}

let pending: Promise<Certificate> | undefined

export const certificate: Effect.Effect<Certificate> = Effect.promise(() =>
  pending ??= selfsigned.generate([{ name: "commonName", value: "127.0.0.1" }], {
    keyType: "ec",
    notAfterDate: new Date(Date.now() + 24 * 3600 * 1000),
    extensions: [{ name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }, { type: 2, value: "localhost" }] }]
  }).then((pems) => ({ key: pems.private, cert: pems.cert }))
)

/**
 * The fetch transport over undici's own fetch and an Agent made with
 * `options`, destroyed with the layer. A dispatcher works only with the
 * fetch of its own undici: Node's global fetch bundles another major than
 * the undici this project depends on.
 */
export const undiciFetchLayer = (options?: Agent.Options): Layer.Layer<HttpClient.HttpClient> =>
  unwrapLayer(
    Effect.map(
      Effect.acquireRelease(Effect.sync(() => new Agent(options)), (agent) => Effect.promise(() => agent.destroy())),
      (dispatcher) =>
        Http.layerWith({
          fetch: ((input: string, init: RequestInit) =>
            undiciFetch(input, { ...init, dispatcher } as never)) as unknown as typeof globalThis.fetch
        })
    )
  )

/**
 * Each transport set up to trust `cert` (fetch through an undici dispatcher
 * with it as CA, the Node transport with it in its TLS options), or, with
 * `verify: false`, to skip verification altogether.
 */
export const tlsTransports = (
  cert: string,
  options: { readonly verify?: boolean } = {}
): ReadonlyArray<readonly [string, Layer.Layer<HttpClient.HttpClient>]> => {
  const tls = options.verify === false ? { rejectUnauthorized: false } : { ca: cert }
  const fetchLayer = undiciFetchLayer({ connect: tls })
  return [["fetch", fetchLayer], ["node", NodeHttp.layerWith({ tls })]]
}

/** A TCP server that records every byte it is sent and never answers. */
export interface RawServer {
  readonly url: string
  readonly connections: () => number
  readonly bytes: () => string
}

export const rawServer: Effect.Effect<RawServer, never, Scope.Scope> = Effect.acquireRelease(
  Effect.promise(() =>
    new Promise<{ server: net.Server; raw: RawServer }>((resolve) => {
      let connections = 0
      const chunks: Array<Buffer> = []
      const server = net.createServer((socket) => {
        connections++
        socket.on("data", (chunk) => chunks.push(chunk))
        socket.on("error", () => {})
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as net.AddressInfo
        resolve({
          server,
          raw: { url: `http://127.0.0.1:${port}`, connections: () => connections, bytes: () => Buffer.concat(chunks).toString("latin1") }
        })
      })
    })
  ),
  ({ server }) => Effect.promise(() => new Promise<void>((done) => server.close(() => done())))
).pipe(Effect.map(({ raw }) => raw))

/** What a CONNECT proxy saw: the tunnels asked for, with their headers. */
export interface Proxy {
  readonly url: string
  readonly port: number
  readonly connects: () => ReadonlyArray<{ readonly target: string; readonly headers: http.IncomingHttpHeaders }>
  /** Requests that came in absolute form (forward mode) instead of a tunnel. */
  readonly forwarded: () => ReadonlyArray<{ readonly url: string; readonly headers: http.IncomingHttpHeaders }>
  /** The number of forwarded requests. */
  readonly plainRequests: () => number
}

/** How the loopback proxy behaves: which CONNECT ports it allows, whether it forwards, what credentials it wants. */
export interface ProxyBehaviour {
  /** CONNECT to any other port gets 403, like stock tinyproxy and squid (443 only). @default every port */
  readonly connectPorts?: ReadonlyArray<number>
  /** Forward absolute-form requests to their loopback target. @default false: 405 */
  readonly forward?: boolean
  /** The `Proxy-Authorization` value it wants; anything else gets 407. @default none */
  readonly credentials?: string
}

const isLoopback = (host: string) => host === "127.0.0.1" || host === "localhost" || host === "[::1]"

/** A loopback proxy that tunnels (and, when asked, forwards) to loopback targets only. */
export const makeProxy = (behaviour: ProxyBehaviour = {}): Effect.Effect<Proxy, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.promise(() =>
      new Promise<{ server: http.Server; sockets: Set<net.Socket>; proxy: Proxy }>((resolve) => {
        const connects: Array<{ target: string; headers: http.IncomingHttpHeaders }> = []
        const forwarded: Array<{ url: string; headers: http.IncomingHttpHeaders }> = []
        const sockets = new Set<net.Socket>()
        const authorised = (headers: http.IncomingHttpHeaders) =>
          behaviour.credentials === undefined || headers["proxy-authorization"] === behaviour.credentials
        const server = http.createServer((req, res) => {
          forwarded.push({ url: req.url ?? "", headers: req.headers })
          if (behaviour.forward !== true) return void res.writeHead(405).end()
          if (!authorised(req.headers)) return void res.writeHead(407, { "proxy-authenticate": "Basic" }).end()
          const target = new URL(req.url ?? "")
          if (!isLoopback(target.hostname)) return void res.writeHead(403).end()
          const { "proxy-authorization": _, "proxy-connection": __, ...headers } = req.headers
          const upstream = http.request(target, { method: req.method, headers }, (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers)
            answer.pipe(res)
          })
          upstream.on("error", () => res.writeHead(502).end())
          req.pipe(upstream)
        })
        server.on("connect", (req: http.IncomingMessage, client: net.Socket) => {
          const target = req.url ?? ""
          connects.push({ target, headers: req.headers })
          const [host, port] = [target.slice(0, target.lastIndexOf(":")), Number(target.slice(target.lastIndexOf(":") + 1))]
          const refusal = !authorised(req.headers)
            ? "407 Proxy Authentication Required\r\nProxy-Authenticate: Basic"
            : !isLoopback(host) || (behaviour.connectPorts !== undefined && !behaviour.connectPorts.includes(port))
            ? "403 Forbidden"
            : undefined
          if (refusal !== undefined) return void client.end(`HTTP/1.1 ${refusal}\r\n\r\n`)
          const upstream = net.connect(port, host.replace(/^\[|\]$/g, ""), () => {
            client.write("HTTP/1.1 200 Connection Established\r\n\r\n")
            upstream.pipe(client)
            client.pipe(upstream)
          })
          for (const socket of [client, upstream]) {
            sockets.add(socket)
            socket.on("error", () => {})
            socket.on("close", () => sockets.delete(socket))
          }
        })
        server.on("connection", (socket) => {
          sockets.add(socket)
          socket.on("close", () => sockets.delete(socket))
        })
        server.listen(0, "127.0.0.1", () => {
          const { port } = server.address() as net.AddressInfo
          resolve({
            server,
            sockets,
            proxy: {
              url: `http://127.0.0.1:${port}`,
              port,
              connects: () => connects.slice(),
              forwarded: () => forwarded.slice(),
              plainRequests: () => forwarded.length
            }
          })
        })
      })
    ),
    ({ server, sockets }) =>
      Effect.promise(() =>
        new Promise<void>((done) => {
          for (const socket of sockets) socket.destroy()
          server.close(() => done())
        })
      )
  ).pipe(Effect.map(({ proxy }) => proxy))

/** A loopback CONNECT proxy that tunnels to loopback targets only, on any port. */
export const connectProxy: Effect.Effect<Proxy, never, Scope.Scope> = makeProxy()

/** What a hostile server writes for one request, and whether it then leaves the connection open (a stall). */
export interface RawAnswer {
  readonly bytes: string | Uint8Array
  readonly keepOpen: boolean
}

/** What a hostile server exposes to a test. */
export interface HostileServer {
  readonly url: string
  /** The request heads received, in order. */
  readonly requests: () => ReadonlyArray<string>
  /** The sockets still open. */
  readonly open: () => number
  /** The first request head of each socket still open ("" before one arrived). */
  readonly openRequests: () => ReadonlyArray<string>
}

/**
 * A loopback TCP server that answers every request it reads with the raw
 * bytes `answer` gives for it (its request line and head as text): for
 * responses no HTTP server library would write (bad status lines, bad
 * framing, early closes). The connection closes after each answer, unless
 * the answer (or `options`) says to keep it open.
 */
export const hostileServer = (
  answer: (head: string) => string | Uint8Array | RawAnswer,
  options: { readonly keepOpen?: boolean } = {}
): Effect.Effect<HostileServer, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.promise(() =>
      new Promise<{ server: net.Server; sockets: Map<net.Socket, string>; url: string; requests: Array<string> }>((resolve) => {
        const sockets = new Map<net.Socket, string>()
        const requests: Array<string> = []
        const server = net.createServer((socket) => {
          sockets.set(socket, "")
          socket.on("close", () => sockets.delete(socket))
          socket.on("error", () => {})
          let received = ""
          socket.on("data", (chunk) => {
            received += chunk.toString("latin1")
            const end = received.indexOf("\r\n\r\n")
            if (end === -1) return
            const head = received.slice(0, end)
            received = received.slice(end + 4)
            requests.push(head)
            if (sockets.get(socket) === "") sockets.set(socket, head)
            const given = answer(head)
            const raw = typeof given === "string" || given instanceof Uint8Array ? { bytes: given, keepOpen: options.keepOpen === true } : given
            if (raw.keepOpen) socket.write(raw.bytes)
            else socket.end(raw.bytes)
          })
        })
        server.listen(0, "127.0.0.1", () => {
          const { port } = server.address() as net.AddressInfo
          resolve({ server, sockets, url: `http://127.0.0.1:${port}`, requests })
        })
      })
    ),
    ({ server, sockets }) =>
      Effect.promise(() =>
        new Promise<void>((done) => {
          for (const socket of sockets.keys()) socket.destroy()
          server.close(() => done())
        })
      )
  ).pipe(Effect.map(({ requests, sockets, url }) => ({
    url,
    requests: () => requests.slice(),
    open: () => sockets.size,
    openRequests: () => [...sockets.values()]
  })))
