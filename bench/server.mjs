// The benchmark's loopback server, in its own process so that its work is
// not charged to the clients. Prints its port on stdout, and with
// BENCH_TLS_KEY / BENCH_TLS_CERT the port of an HTTP/2 TLS server after it.
import * as http from "node:http"
import * as http2 from "node:http2"

const item = { id: 1, name: "effect-requests", tags: ["http", "effect", "bench"], description: "x".repeat(700) }
const json = Buffer.from(JSON.stringify({ items: [item], total: 1 }))
const chunk = Buffer.alloc(64 * 1024, 97)

const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://bench")
  if (url.pathname === "/json") {
    res.writeHead(200, { "content-type": "application/json", "content-length": json.length })
    return res.end(json)
  }
  if (url.pathname === "/download") {
    let left = Number(url.searchParams.get("bytes") ?? 0)
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": left })
    const pump = () => {
      while (left > 0) {
        const piece = left >= chunk.length ? chunk : chunk.subarray(0, left)
        left -= piece.length
        if (!res.write(piece)) return res.once("drain", pump)
      }
      res.end()
    }
    return pump()
  }
  if (url.pathname === "/upload") {
    let size = 0
    req.on("data", (data) => (size += data.length))
    return req.on("end", () => res.end(JSON.stringify({ size })))
  }
  res.writeHead(404)
  res.end()
})
server.keepAliveTimeout = 30_000

// HTTP/2 over TLS: the same JSON document, and how many connections
// (sessions) were opened so far, so that a run can show it multiplexed.
let sessions = 0
const h2 = process.env.BENCH_TLS_KEY === undefined
  ? undefined
  : http2.createSecureServer({ key: process.env.BENCH_TLS_KEY, cert: process.env.BENCH_TLS_CERT, allowHTTP1: true }, (req, res) => {
    if (req.url === "/sessions") return res.end(JSON.stringify({ sessions }))
    if (req.url !== "/json") return void res.writeHead(404).end()
    res.writeHead(200, { "content-type": "application/json", "content-length": json.length })
    res.end(json)
  })
h2?.on("session", () => sessions++)

const listen = (s) => new Promise((resolve) => s.listen(0, "127.0.0.1", () => resolve(s.address().port)))
Promise.all([listen(server), h2 === undefined ? undefined : listen(h2)]).then(([port, h2Port]) =>
  console.log(h2Port === undefined ? String(port) : `${port} ${h2Port}`))
process.on("disconnect", () => process.exit(0))
process.stdin.on("end", () => process.exit(0))
process.stdin.resume()
