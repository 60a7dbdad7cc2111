import * as fs from "node:fs"
import type * as http from "node:http"
import * as os from "node:os"
import * as path from "node:path"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Option, Schema, Stream } from "effect"
import { Auth, Http, Retry } from "effect-requests"
import { MockHttp } from "effect-requests/testing"
import { httpServer, transports } from "./helpers.js"
import { collect } from "#testline"

const TOKEN = "t0k-secret-value"

interface Seen {
  readonly path: string
  readonly authorization: string | undefined
  readonly lastEventId: string | undefined
}

/**
 * A loopback API that behaves like a real one: 401 without the bearer
 * token, five pages linked with `Link` (absolute URLs, as GitHub sends
 * them), a page linking to another origin, an event stream that drops
 * its connection, and a file.
 */
const api = (foreign: string) =>
  Effect.gen(function* () {
    const seen: Array<Seen> = []
    let events = 0
    const handler: http.RequestListener = (req, res) => {
      const url = new URL(req.url!, "http://127.0.0.1")
      seen.push({ path: url.pathname + url.search, authorization: req.headers.authorization, lastEventId: req.headers["last-event-id"] as string | undefined })
      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ message: "Bad credentials" }))
        return
      }
      const self = `http://127.0.0.1:${(req.socket.localPort)}`
      if (url.pathname === "/v1/items") {
        const page = Number(url.searchParams.get("page") ?? "1")
        const headers: Record<string, string> = { "content-type": "application/json" }
        if (page < 5) headers.link = `<${self}/v1/items?page=${page + 1}&per_page=2>; rel="next", <${self}/v1/items?page=5&per_page=2>; rel="last"`
        res.writeHead(200, headers).end(JSON.stringify([page]))
      } else if (url.pathname === "/v1/leak") {
        res.writeHead(200, { link: `<${foreign}/steal>; rel="next"` }).end("[]")
      } else if (url.pathname === "/v1/events") {
        events++
        if (events === 1) res.writeHead(200, { "content-type": "text/event-stream" }).end("id: 1\nretry: 250\ndata: one\n\n")
        else if (events === 2) res.writeHead(200, { "content-type": "text/event-stream" }).end("id: 2\ndata: two\n\n")
        else res.writeHead(204).end()
      } else if (url.pathname === "/v1/file") {
        res.writeHead(200, { "content-type": "application/octet-stream" }).end(Buffer.alloc(4096, 7))
      } else {
        res.writeHead(404).end()
      }
    }
    const { url } = yield* httpServer(handler)
    return { url, seen }
  })

const foreignServer = Effect.gen(function* () {
  const hits: Array<string | undefined> = []
  const { url } = yield* httpServer((req, res) => {
    hits.push(req.headers.authorization)
    res.writeHead(200).end("[]")
  })
  return { url, hits }
})

describe("a session carries everything: pages, events and downloads", () => {
  for (const [name, transport] of transports) {
    it.scopedLive(`five Link pages, every one with the session's token, every one 200 [${name}]`, () =>
      Effect.gen(function* () {
        const other = yield* foreignServer
        const server = yield* api(other.url)
        const github = Http.make({ baseUrl: `${server.url}/v1/`, auth: Auth.bearer(TOKEN) })
        const pages = yield* github.paginate("items", { params: { per_page: 2 } }).pipe(
          Stream.mapEffect((res) => res.decode(Schema.Array(Schema.Number))),
          collect,
          Effect.provide(transport)
        )
        expect((pages).flat()).toEqual([1, 2, 3, 4, 5])
        expect(server.seen.map((s) => s.path)).toEqual([
          "/v1/items?per_page=2",
          "/v1/items?page=2&per_page=2",
          "/v1/items?page=3&per_page=2",
          "/v1/items?page=4&per_page=2",
          "/v1/items?page=5&per_page=2"
        ])
        expect(server.seen.every((s) => s.authorization === `Bearer ${TOKEN}`)).toBe(true)
      }))

    it.scopedLive(`a next link to another origin is a typed error, and that origin sees nothing [${name}]`, () =>
      Effect.gen(function* () {
        const other = yield* foreignServer
        const server = yield* api(other.url)
        const github = Http.make({ baseUrl: `${server.url}/v1/`, auth: Auth.bearer(TOKEN) })
        const error = yield* github.paginate("leak").pipe(Stream.runDrain, Effect.provide(transport), Effect.flip)
        expect(error).toMatchObject({ _tag: "InvalidUrl", url: `${other.url}/steal` })
        expect(error.message).toContain("outside the session's scope")
        expect(other.hits).toEqual([])
        // Asked for, it is followed without the token.
        yield* github.paginate("leak", { allowForeignLinks: true }).pipe(Stream.runDrain, Effect.provide(transport))
        expect(other.hits).toEqual([undefined])
      }))

    it.scopedLive(`session.sse reconnects with Last-Event-ID and the token every time [${name}]`, () =>
      Effect.gen(function* () {
        const server = yield* api("http://127.0.0.1:9")
        const github = Http.make({ baseUrl: `${server.url}/v1/`, auth: Auth.bearer(TOKEN) })
        const events = yield* github.sse("events", { backoff: Retry.policy({ times: 10 }) }).pipe(
          Stream.map((event) => event.data),
          collect,
          Effect.provide(transport)
        )
        expect((events)).toEqual(["one", "two"])
        const connections = server.seen.filter((s) => s.path === "/v1/events")
        expect(connections.map((s) => s.lastEventId)).toEqual([undefined, "1", "2"])
        expect(connections.every((s) => s.authorization === `Bearer ${TOKEN}`)).toBe(true)
      }))

    it.scopedLive(`session.download and session.ndjson send the token [${name}]`, () =>
      Effect.gen(function* () {
        const server = yield* api("http://127.0.0.1:9")
        const github = Http.make({ baseUrl: `${server.url}/v1/`, auth: Auth.bearer(TOKEN) })
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "er-download-"))
        const done = yield* github.download("file", path.join(dir, "f.bin")).pipe(Effect.provide(transport), Effect.provide(NodeFileSystem.layer))
        expect(done.bytes).toBe(4096)
        expect(fs.statSync(path.join(dir, "f.bin")).size).toBe(4096)
        fs.rmSync(dir, { recursive: true })
        const first = yield* github.ndjson("items?page=5", Schema.Array(Schema.Number)).pipe(Stream.runHead, Effect.provide(transport))
        expect(first).toEqual(Option.some([5]))
        expect(server.seen.map((s) => s.authorization)).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`])
      }))
  }
})

describe("a session's scope", () => {
  it.effect("an absolute URL under the baseUrl is sent like a relative one (with the token); one outside is refused before sending", () =>
    Effect.gen(function* () {
      const api = Http.make({ baseUrl: "https://api.test/v1/", auth: Auth.bearer(TOKEN) })
      yield* api.get("https://api.test/v1/items?page=2")
      const error = yield* api.get("https://api.test/v2/items").pipe(Effect.flip)
      expect(error).toMatchObject({ _tag: "InvalidUrl" })
      expect(error.message).toContain("outside the session's baseUrl")
      const calls = yield* MockHttp.calls
      expect(calls.map((call) => [call.url, call.headers.authorization])).toEqual([["https://api.test/v1/items?page=2", `Bearer ${TOKEN}`]])
    }).pipe(Effect.provide(MockHttp.layer([MockHttp.any("*", MockHttp.json([]))]))))
})

describe("session.paginate from a request", () => {
  const routes = MockHttp.layer([
    MockHttp.post("https://api.test/v1/search", MockHttp.json([1], { headers: { link: "<https://api.test/v1/search?page=2>; rel=\"next\"" } })),
    MockHttp.get("https://api.test/v1/search", (req) =>
      MockHttp.json([Number(req.query.page)], {
        headers: req.query.page === "2" ? { link: "<https://elsewhere.test/search?page=3>; rel=\"next\"" } : {}
      }))
  ])

  it.effect("a first page that is a POST of the session; the next ones are GETs with its token; without a baseUrl the scope is the first page's origin", () =>
    Effect.gen(function* () {
      const api = Http.make({ auth: Auth.bearer(TOKEN) })
      const error = yield* api.paginate(api.post("https://api.test/v1/search", { json: { q: "x" } })).pipe(
        Stream.mapEffect((res) => res.decode(Schema.Array(Schema.Number))),
        collect,
        Effect.flip
      )
      expect(error).toMatchObject({ _tag: "InvalidUrl", url: "https://elsewhere.test/search?page=3" })
      const calls = yield* MockHttp.calls
      expect(calls.map((call) => [call.method, call.url, call.headers.authorization])).toEqual([
        ["POST", "https://api.test/v1/search", `Bearer ${TOKEN}`],
        ["GET", "https://api.test/v1/search?page=2", `Bearer ${TOKEN}`]
      ])
    }).pipe(Effect.provide(routes)))
})
