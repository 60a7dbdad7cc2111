/**
 * httpbin's endpoints, answered with httpbin's JSON shapes, plus two
 * additions for testing failures: `/problem/:code` (an RFC 9457 error body)
 * and `/gzip-bomb/:mib` (a small gzip body that inflates to :mib MiB).
 *
 * @internal
 */
import { createHash, randomBytes, randomUUID } from "node:crypto"
import type * as http from "node:http"
import { STATUS_CODES } from "node:http"
import * as zlib from "node:zlib"
import * as Echo from "./echo.js"

/** What a route may use besides the request. @internal */
export interface Context {
  /** Resolves after `ms`, or at once when the server is closing. */
  readonly sleep: (ms: number) => Promise<void>
}

type Reply = (res: http.ServerResponse, status: number, body: unknown, headers?: Record<string, string>) => void

const sendJson: Reply = (res, status, body, headers = {}) => {
  const text = `${JSON.stringify(body, null, 2)}\n`
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers })
  res.end(text)
}

const sendText = (res: http.ServerResponse, status: number, text: string, type: string, headers: Record<string, string> = {}) => {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(text), ...headers })
  res.end(text)
}

const redirect = (res: http.ServerResponse, location: string, status = 302) => {
  res.writeHead(status, { location, "content-length": 0 })
  res.end()
}

const notFound = (res: http.ServerResponse) => sendText(res, 404, "<h1>Not Found</h1>\n", "text/html; charset=utf-8")

const cookiesOf = (header: string | undefined): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const pair of (header ?? "").split(";")) {
    const eq = pair.indexOf("=")
    if (eq > 0) out[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim()
  }
  return out
}

/** How long a dropped event stream's last events have to be read before the reset. */
const DROP_GRACE_MILLIS = 50

const bounded = (raw: string | undefined, max: number): number => Math.min(Math.max(Number(raw ?? 0) || 0, 0), max)

const seeded = (n: number, seed: number): Buffer => {
  // A linear congruential generator: the same seed gives the same bytes.
  const out = Buffer.allocUnsafe(n)
  let state = seed >>> 0
  for (let i = 0; i < n; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    out[i] = state >>> 24
  }
  return out
}

const bombs = new Map<number, Buffer>()
const bomb = (mib: number): Buffer => {
  let body = bombs.get(mib)
  if (body === undefined) {
    // A gzip body may hold several members, inflated one after the other:
    // one member of a MiB of zeros (about 1 KiB) repeated :mib times, so the
    // server never holds the inflated size either.
    const member = zlib.gzipSync(Buffer.alloc(1024 * 1024), { level: 9 })
    body = Buffer.concat(Array.from({ length: mib }, () => member))
    bombs.set(mib, body)
  }
  return body
}

const HTML = `<!DOCTYPE html>
<html>
  <head></head>
  <body>
      <h1>Herman Melville - Moby-Dick</h1>
      <div><p>Availing himself of the mild, summer-cool weather that now reigned in these latitudes...</p></div>
  </body>
</html>`

const SLIDESHOW = {
  slideshow: {
    author: "Yours Truly",
    date: "date of publication",
    slides: [
      { title: "Wake up to WonderWidgets!", type: "all" },
      { items: ["Why <em>WonderWidgets</em> are great", "Who <em>buys</em> WonderWidgets"], title: "Overview", type: "all" }
    ],
    title: "Sample Slide Show"
  }
}

const TEAPOT = "\n    -=[ teapot ]=-\n\n       _...._\n     .'  _ _ `.\n    | .\"` ^ `\". _,\n    \\_;`\"---\"`|//\n      |       ;/\n      \\_     _/\n        `\"\"\"`\n"

const decodeSegment = (segment: string): string => {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/** The nonces /digest-auth issued, with the highest nc answered for each. */
const digestNonces = new Map<string, number>()

/** Whether an Authorization header answers a /digest-auth challenge this server issued, with a new nc. */
const verifyDigest = (
  header: string | undefined,
  expected: { readonly qop: string | undefined; readonly user: string; readonly password: string; readonly algorithm: string; readonly method: string; readonly uri: string }
): boolean => {
  if (header === undefined || !header.startsWith("Digest ")) return false
  const params = new Map([...header.slice(7).matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)].map((m) => [m[1]!, m[2] ?? m[3] ?? ""]))
  const nonce = params.get("nonce") ?? ""
  const last = digestNonces.get(nonce)
  if (last === undefined || params.get("username") !== expected.user || params.get("uri") !== expected.uri) return false
  const hash = (text: string) => createHash(expected.algorithm.startsWith("SHA-256") ? "sha256" : "md5").update(text).digest("hex")
  const ha1 = hash(`${expected.user}:${params.get("realm")}:${expected.password}`)
  const ha2 = hash(`${expected.method}:${expected.uri}`)
  const nc = params.get("nc") ?? ""
  const response = expected.qop === undefined
    ? hash(`${ha1}:${nonce}:${ha2}`)
    : hash(`${ha1}:${nonce}:${nc}:${params.get("cnonce")}:auth:${ha2}`)
  if (params.get("response") !== response) return false
  if (expected.qop === undefined) return true
  const count = Number.parseInt(nc, 16)
  if (!(count > last)) return false
  digestNonces.set(nonce, count)
  return true
}

/** @internal */
export const handle = async (req: Echo.Received, res: http.ServerResponse, ctx: Context): Promise<void> => {
  const segments = req.url.pathname.split("/").filter((s) => s !== "").map(decodeSegment)
  const [first, second, third] = segments
  const method = req.method
  const host = `${req.url.protocol}//${req.url.host}`
  switch (first) {
    case "get":
      return method === "GET" || method === "HEAD" ? sendJson(res, 200, Echo.basic(req)) : sendJson(res, 405, {})
    case "post":
    case "put":
    case "patch":
    case "delete":
      return method === first.toUpperCase() ? sendJson(res, 200, await Echo.withBody(req)) : sendJson(res, 405, {})
    case "anything":
      return sendJson(res, 200, await Echo.withBody(req, true))
    case "headers":
      return sendJson(res, 200, { headers: Echo.canonicalHeaders(req.headers) })
    case "ip":
      return sendJson(res, 200, { origin: req.origin })
    case "user-agent":
      return sendJson(res, 200, { "user-agent": req.headers["user-agent"] ?? null })
    case "uuid":
      return sendJson(res, 200, { uuid: randomUUID() })
    case "json":
      return sendJson(res, 200, SLIDESHOW)
    case "html":
      return sendText(res, 200, HTML, "text/html; charset=utf-8")
    case "status": {
      const code = Number(second)
      if (!Number.isInteger(code) || code < 100 || code > 599) return sendText(res, 400, "Invalid status code", "text/plain")
      if (code === 418) return sendText(res, 418, TEAPOT, "text/plain", { "x-more-info": "http://tools.ietf.org/html/rfc2324" })
      if (code === 401) return sendText(res, 401, "", "text/plain", { "www-authenticate": 'Basic realm="Fake Realm"' })
      if (code >= 300 && code < 400 && code !== 304) return redirect(res, "/redirect/1", code)
      res.writeHead(code)
      return void res.end()
    }
    case "problem": {
      const code = bounded(second, 599) || 500
      const headers: Record<string, string> = { "content-type": "application/problem+json" }
      const retryAfter = req.url.searchParams.get("retry_after")
      if (retryAfter !== null) headers["retry-after"] = retryAfter
      return sendJson(res, code, { type: "about:blank", title: STATUS_CODES[code] ?? "", status: code, detail: req.url.searchParams.get("detail") ?? "" }, headers)
    }
    case "delay": {
      await ctx.sleep(bounded(second, 10) * 1000)
      return sendJson(res, 200, await Echo.withBody(req))
    }
    case "redirect": {
      const n = bounded(second, 100)
      if (n <= 1) return redirect(res, "/get")
      const absolute = req.url.searchParams.get("absolute") === "true"
      return redirect(res, absolute ? `${host}/absolute-redirect/${n - 1}` : `/relative-redirect/${n - 1}`)
    }
    case "relative-redirect": {
      const n = bounded(second, 100)
      return redirect(res, n <= 1 ? "/get" : `/relative-redirect/${n - 1}`)
    }
    case "absolute-redirect": {
      const n = bounded(second, 100)
      return redirect(res, n <= 1 ? `${host}/get` : `${host}/absolute-redirect/${n - 1}`)
    }
    case "redirect-to": {
      const target = req.url.searchParams.get("url")
      if (target === null) return sendText(res, 400, "url is required", "text/plain")
      const status = Number(req.url.searchParams.get("status_code") ?? 302)
      return redirect(res, target, status >= 300 && status < 400 ? status : 302)
    }
    case "cookies": {
      if (second === "set") {
        const pairs = third !== undefined ? [[third, segments[3] ?? ""]] : [...req.url.searchParams]
        res.setHeader("set-cookie", pairs.map(([k, v]) => `${k}=${v}; Path=/`))
        return redirect(res, "/cookies")
      }
      if (second === "delete") {
        res.setHeader("set-cookie", [...req.url.searchParams.keys()].map((k) => `${k}=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/`))
        return redirect(res, "/cookies")
      }
      return sendJson(res, 200, { cookies: cookiesOf(req.headers.cookie) })
    }
    case "basic-auth": {
      const expected = `Basic ${Buffer.from(`${second ?? ""}:${third ?? ""}`).toString("base64")}`
      return req.headers.authorization === expected
        ? sendJson(res, 200, { authenticated: true, user: second })
        : sendText(res, 401, "", "text/plain", { "www-authenticate": 'Basic realm="Fake Realm"' })
    }
    case "digest-auth": {
      // httpbin's /digest-auth/:qop/:user/:passwd[/:algorithm]: qop "auth" (or
      // "none" for RFC 2069), MD5 (default) or SHA-256. A nonce it issued may
      // be answered again with a higher nc; an nc seen before is refused.
      const algorithm = segments[4] ?? "MD5"
      const qop = second === "none" ? undefined : "auth"
      const answered = verifyDigest(req.headers.authorization, { qop, user: third ?? "", password: segments[3] ?? "", algorithm, method, uri: req.url.pathname + req.url.search })
      if (answered) return sendJson(res, 200, { authenticated: true, user: third })
      const nonce = randomBytes(16).toString("hex")
      digestNonces.set(nonce, 0)
      const challenge = [`realm="me@effect-requests.test"`, `nonce="${nonce}"`, `opaque="${randomBytes(8).toString("hex")}"`, `algorithm=${algorithm}`]
      if (qop !== undefined) challenge.push(`qop="auth"`)
      return sendText(res, 401, "", "text/plain", { "www-authenticate": `Digest ${challenge.join(", ")}` })
    }
    case "bearer": {
      const auth = req.headers.authorization ?? ""
      return auth.startsWith("Bearer ")
        ? sendJson(res, 200, { authenticated: true, token: auth.slice(7) })
        : sendText(res, 401, "", "text/plain", { "www-authenticate": "Bearer" })
    }
    case "bytes": {
      const n = bounded(second, 64 * 1024 * 1024)
      const seed = req.url.searchParams.get("seed")
      const body = seed === null ? randomBytes(n) : seeded(n, Number(seed))
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": n })
      return void res.end(body)
    }
    case "base64": {
      const decoded = Buffer.from(second ?? "", "base64url")
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": decoded.length })
      return void res.end(decoded)
    }
    case "pages": {
      // A listing of ?total= items (default 10), ?per_page= a page (default
      // 2), paged by ?page= with RFC 8288 Link headers, or by ?cursor= with a
      // next_cursor in the body. With ?require_bearer=T every page answers
      // 401 unless the request carries "Authorization: Bearer T", like an
      // API whose listing needs its token on every page.
      const required = req.url.searchParams.get("require_bearer")
      if (required !== null && req.headers["authorization"] !== `Bearer ${required}`) {
        return sendJson(res, 401, { message: "Bad credentials" })
      }
      const total = bounded(req.url.searchParams.get("total") ?? "10", 10_000)
      const perPage = Math.max(1, bounded(req.url.searchParams.get("per_page") ?? "2", 1000))
      const cursor = req.url.searchParams.get("cursor")
      const page = cursor !== null ? Number(cursor) || 1 : Math.max(1, bounded(req.url.searchParams.get("page") ?? "1", 10_000))
      const last = Math.max(1, Math.ceil(total / perPage))
      const items = Array.from({ length: Math.max(0, Math.min(perPage, total - (page - 1) * perPage)) }, (_, i) => (page - 1) * perPage + i + 1)
      const at = (n: number) => {
        const url = new URL(req.url.href)
        url.searchParams.set("page", String(n))
        return url.href
      }
      const links = [`<${at(1)}>; rel="first"`, `<${at(last)}>; rel="last"`]
      if (page < last) links.unshift(`<${at(page + 1)}>; rel="next"`)
      if (page > 1) links.unshift(`<${at(page - 1)}>; rel="prev"`)
      return sendJson(res, 200, { page, items, next_cursor: page < last ? String(page + 1) : null }, { link: links.join(", ") })
    }
    case "stream-bytes": {
      // :n bytes (up to 1 GiB) in 64 KiB chunks, written as the client reads.
      let left = bounded(second, 1024 * 1024 * 1024)
      const chunk = Buffer.alloc(64 * 1024, 120)
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": left })
      await new Promise<void>((done) => {
        const pump = () => {
          while (left > 0) {
            const piece = left >= chunk.length ? chunk : chunk.subarray(0, left)
            left -= piece.length
            if (!res.write(piece)) return void res.once("drain", pump)
          }
          res.end()
          done()
        }
        res.once("close", () => done())
        pump()
      })
      return
    }
    case "stream": {
      const n = bounded(second, 100)
      res.writeHead(200, { "content-type": "application/json" })
      for (let id = 0; id < n; id++) res.write(`${JSON.stringify({ ...Echo.basic(req), id })}\n`)
      return void res.end()
    }
    case "gzip":
    case "deflate": {
      const flag = first === "gzip" ? "gzipped" : "deflated"
      const text = JSON.stringify({ [flag]: true, headers: Echo.canonicalHeaders(req.headers), method, origin: req.origin }, null, 2)
      const body = first === "gzip" ? zlib.gzipSync(text) : zlib.deflateSync(text)
      res.writeHead(200, { "content-type": "application/json", "content-encoding": first, "content-length": body.length })
      return void res.end(body)
    }
    case "gzip-bomb": {
      const body = bomb(bounded(second, 1024) || 1)
      res.writeHead(200, { "content-type": "application/octet-stream", "content-encoding": "gzip", "content-length": body.length })
      return void res.end(body)
    }
    case "sse": {
      // ?count=N events in all, ?drop_after=K drops the connection after K
      // events of it, ?stall_after=K sends nothing more on it after K events
      // (and keeps it open), ?retry=ms is sent as the reconnection delay.
      // Resumes after Last-Event-ID; answers 204 (stop) when everything was sent.
      const count = bounded(req.url.searchParams.get("count") ?? "5", 10_000)
      const dropAfter = bounded(req.url.searchParams.get("drop_after") ?? "0", 10_000)
      const stallAfter = bounded(req.url.searchParams.get("stall_after") ?? "0", 10_000)
      const last = bounded(req.headers["last-event-id"], 10_000)
      if (last >= count) {
        res.writeHead(204)
        return void res.end()
      }
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" })
      const retry = req.url.searchParams.get("retry")
      if (last === 0) res.write(`\uFEFF: welcome\n${retry === null ? "" : `retry: ${retry}\n`}\n`)
      let text = ""
      for (let id = last + 1, sent = 0; id <= count; id++, sent++) {
        // A drop comes a moment after what was sent has reached the socket:
        // a browser's fetch that sees the reset before its reader has taken
        // the bytes discards them, and under load every connection lost its
        // events that way, so the stream never moved on (CI, Chromium).
        if (dropAfter > 0 && sent === dropAfter) {
          return void res.write(text, () => void ctx.sleep(DROP_GRACE_MILLIS).then(() => res.socket?.destroy()))
        }
        if (stallAfter > 0 && sent === stallAfter) return void res.write(text)
        const data = id % 3 === 0 ? `data: {"n":${id},\ndata: "multi":true}` : `data: {"n":${id}}`
        text += `id: ${id}\nevent: tick\n${data}\n\n`
      }
      return void res.end(text)
    }
    case "cache": {
      // httpbin's /cache: 304 to any conditional request; /cache/:n: fresh for n seconds.
      if (second !== undefined) {
        const seconds = bounded(second, 31_536_000)
        return sendJson(res, 200, Echo.basic(req), { "cache-control": `public, max-age=${seconds}` })
      }
      if (req.headers["if-none-match"] !== undefined || req.headers["if-modified-since"] !== undefined) {
        res.writeHead(304)
        return void res.end()
      }
      return sendJson(res, 200, Echo.basic(req), { "last-modified": new Date().toUTCString(), etag: `"${Math.random().toString(16).slice(2)}"` })
    }
    case "etag": {
      // httpbin's /etag/:etag: the resource has that ETag; If-None-Match and If-Match work on it.
      const etag = `"${second ?? ""}"`
      const matches = (header: string | undefined) =>
        header !== undefined && header.split(",").some((tag) => tag.trim() === "*" || tag.trim().replace(/^W\//, "") === etag)
      if (req.headers["if-none-match"] !== undefined && matches(req.headers["if-none-match"])) {
        res.writeHead(304, { etag })
        return void res.end()
      }
      if (req.headers["if-match"] !== undefined && !matches(req.headers["if-match"])) return sendJson(res, 412, {})
      return sendJson(res, 200, Echo.basic(req), { etag })
    }
    case "response-headers": {
      const headers: Record<string, string> = {}
      for (const [k, v] of req.url.searchParams) headers[k] = v
      return sendJson(res, 200, headers, headers)
    }
    default:
      return notFound(res)
  }
}
