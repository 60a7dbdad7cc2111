// The benchmark's loopback server, in its own process so that its work is
// not charged to the clients. Prints its port on stdout.
import * as http from "node:http"

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
server.listen(0, "127.0.0.1", () => console.log(String(server.address().port)))
process.on("disconnect", () => process.exit(0))
process.stdin.on("end", () => process.exit(0))
process.stdin.resume()
