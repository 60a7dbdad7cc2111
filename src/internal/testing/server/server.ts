/**
 * The loopback server's lifecycle: listen on 127.0.0.1 at a random port,
 * record what arrives, and on close end every connection and every pending
 * delay, so that a test's scope never waits on it.
 *
 * @internal
 */
import * as http from "node:http"
import * as https from "node:https"
import type { AddressInfo } from "node:net"
import type * as Echo from "./echo.js"
import { headersOf } from "./echo.js"
import { handle } from "./routes.js"

/** A request as the server saw it. @internal */
export interface Recorded {
  readonly method: string
  readonly path: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** @internal */
export interface Running {
  readonly url: string
  readonly port: number
  readonly received: Array<Recorded>
  readonly close: () => Promise<void>
}

// Uploads beyond this are refused rather than buffered.
const MAX_UPLOAD = 256 * 1024 * 1024

const readBody = (req: http.IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    let size = 0
    req.on("data", (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_UPLOAD) req.destroy(new Error("upload too large"))
      else chunks.push(chunk)
    })
    req.on("end", () => resolve(Buffer.concat(chunks)))
    req.on("error", reject)
  })

// What a page may read of a cross-origin response (Set-Cookie never).
const EXPOSED = "etag, last-modified, location, link, retry-after, cache-control, content-length, content-encoding, date, www-authenticate"

/**
 * Lets a page on another origin call the server, credentials included:
 * its Origin echoed, the headers above readable, and every preflight
 * answered (and not recorded: the browser sent it, not the client).
 * Returns whether the request was a preflight, now answered.
 */
const allowCors = (req: http.IncomingMessage, res: http.ServerResponse): boolean => {
  const origin = req.headers.origin
  res.setHeader("access-control-allow-origin", origin ?? "*")
  if (origin !== undefined) res.setHeader("access-control-allow-credentials", "true")
  res.setHeader("vary", "origin")
  res.setHeader("access-control-expose-headers", EXPOSED)
  if (req.method !== "OPTIONS" || req.headers["access-control-request-method"] === undefined) return false
  res.writeHead(204, {
    "access-control-allow-methods": "GET, HEAD, POST, PUT, PATCH, DELETE",
    "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "",
    "access-control-max-age": "600"
  })
  res.end()
  return true
}

/** @internal */
export const start = (
  host = "127.0.0.1",
  tls?: { readonly key: string; readonly cert: string },
  cors = false
): Promise<Running> => {
  const received: Array<Recorded> = []
  const sleepers = new Set<() => void>()
  let closing = false
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (closing) return resolve()
      const wake = () => {
        clearTimeout(timer)
        sleepers.delete(wake)
        resolve()
      }
      const timer = setTimeout(wake, ms)
      sleepers.add(wake)
    })
  const listener = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (cors && allowCors(req, res)) return
    // /drain counts an upload without holding it, for large streamed uploads.
    if (req.url?.startsWith("/drain")) {
      let bytes = 0
      req.on("data", (chunk: Buffer) => (bytes += chunk.length))
      req.on("end", () => {
        received.push({ method: req.method ?? "POST", path: req.url ?? "/drain", headers: headersOf(req), body: "" })
        res.writeHead(200, { "content-type": "application/json" })
        res.end(JSON.stringify({ bytes }))
      })
      return
    }
    try {
      const body = await readBody(req)
      const headers = headersOf(req)
      const url = new URL(req.url ?? "/", `http://${req.headers.host ?? `${host}:0`}`)
      received.push({ method: req.method ?? "GET", path: `${url.pathname}${url.search}`, headers, body: body.toString("utf8") })
      const incoming: Echo.Received = { method: req.method ?? "GET", url, headers, origin: req.socket.remoteAddress ?? "", body }
      await handle(incoming, res, { sleep })
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" })
      res.end(String(error))
    }
  }
  const server = tls === undefined ? http.createServer(listener) : https.createServer({ key: tls.key, cert: tls.cert }, listener)
  return new Promise((resolve, reject) => {
    server.once("error", reject)
    server.listen(0, host, () => {
      const { port } = server.address() as AddressInfo
      const shownHost = host.includes(":") ? `[${host}]` : host
      resolve({
        url: `${tls === undefined ? "http" : "https"}://${shownHost}:${port}`,
        port,
        received,
        close: () =>
          new Promise<void>((done) => {
            closing = true
            for (const wake of [...sleepers]) wake()
            server.close(() => done())
            server.closeAllConnections()
          })
      })
    })
  })
}
