import { describe, expect, it } from "@effect/vitest"
import { Effect, Schema, Stream } from "effect"
import { Auth, Http } from "effect-requests"
import { MockHttp, TestServer } from "effect-requests/testing"
import { eachTransport, transports } from "../helpers.js"
import * as Multipart from "../../src/internal/multipart.js"
import { rawServer } from "./fixtures.js"
import { recordOf, unionOf } from "#testline"

const PostEcho = Schema.Struct({
  form: recordOf(unionOf(Schema.String, Schema.Array(Schema.String))),
  files: recordOf(Schema.String),
  headers: recordOf(Schema.String)
})

describe("header injection: refused before a single byte is sent", () => {
  for (const [transport, layer] of transports) {
    it.scoped(`CR, LF or NUL in a header, method, path, query or multipart part never reaches a raw socket (undici CVE-2022-31150, axios CVE-2026-40175) [${transport}]`, () =>
      Effect.gen(function* () {
        const raw = yield* rawServer
        const cases: ReadonlyArray<readonly [string, Http.Request]> = [
          ["header value CRLF", Http.get(`${raw.url}/x`, { headers: { "x-a": "1\r\nx-injected: 1" } })],
          ["header value LF", Http.get(`${raw.url}/x`, { headers: { "x-a": "1\nx-injected: 1" } })],
          ["header value NUL", Http.get(`${raw.url}/x`, { headers: { "x-a": "1\0" } })],
          ["header name", Http.get(`${raw.url}/x`, { headers: { "x-a\r\nx-injected": "1" } })],
          ["header name with a space", Http.get(`${raw.url}/x`, { headers: { "x a": "1" } })],
          ["method", Http.request("GET /x HTTP/1.1\r\nx-injected: 1\r\n", `${raw.url}/x`)],
          ["bearer token", Http.get(`${raw.url}/x`, { auth: Auth.bearer("tok\r\nx-injected: 1") })],
          ["path", Http.get(`${raw.url}/x\r\nx-injected: 1`)],
          ["query", Http.get(`${raw.url}/x?a=1\r\nx-injected: 1`)],
          ["NUL in path", Http.get(`${raw.url}/x\0y`)],
          ["tab in host", Http.get(`http://127.0.0.1\t:1/x`)],
          ["multipart filename (axios GHSA-445q-vr5w-6q77)", Http.post(`${raw.url}/x`, { multipart: { f: { content: "x", filename: "a\r\nx-injected: 1" } } })],
          ["multipart quote in filename", Http.post(`${raw.url}/x`, { multipart: { f: { content: "x", filename: "a\".txt" } } })],
          ["multipart content type (aiohttp GHSA-2vrm-gr82-f7m5)", Http.post(`${raw.url}/x`, { multipart: { f: { content: "x", contentType: "text/plain\r\nx-injected: 1" } } })],
          ["multipart field name", Http.post(`${raw.url}/x`, { multipart: { "a\r\nx-injected: 1": "v" } })]
        ]
        for (const [name, request] of cases) {
          const err = yield* request.pipe(Effect.provide(layer), Effect.flip)
          expect(["InvalidRequest", "InvalidUrl"], name).toContain(err._tag)
        }
        expect(raw.connections()).toBe(0)
        expect(raw.bytes()).toBe("")
      }))
  }
})

eachTransport((e2e, transport) => {
  it.layer(e2e)(`query and multipart encoding [${transport}]`, (it) => {
    it.effect("a NUL in a query value is percent-encoded into one parameter (axios GHSA-xhjh-pmcv-23jw)", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const res = yield* Http.get(`${base}/get`, { params: { q: "a\0b&c=d", r: "x\r\ny" } })
        const echo = yield* res.json
        expect(echo).toMatchObject({ args: { q: "a\0b&c=d", r: "x\r\ny" } })
        const seen = (yield* TestServer.received).at(-1)!
        expect(seen.path).toBe("/get?q=a%00b%26c%3Dd&r=x%0D%0Ay")
      }))

    it.effect("the multipart boundary has 160 random bits, differs per request and appears only as delimiters (undici CVE-2025-22150, form-data CVE-2025-7783)", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const boundaries = new Set<string>()
        for (let i = 0; i < 5; i++) {
          yield* Http.post(`${base}/post`, { multipart: { a: "1", file: { content: "data", filename: "f.txt" } } })
          const seen = (yield* TestServer.received).at(-1)!
          const boundary = /boundary=(\S+)$/.exec(seen.headers["content-type"]!)![1]!
          expect(boundary).toMatch(/^----effect-requests-[0-9a-f]{40}$/)
          // Two parts: two delimiters and the closing one, nothing else.
          expect(seen.body.split(boundary).length - 1).toBe(3)
          boundaries.add(boundary)
        }
        expect(boundaries.size).toBe(5)
      }))

    it.effect("a field value that looks like a delimiter stays inside its part (form-data CVE-2025-7783)", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const forged = "x\r\n------formdata-undici-012345678901\r\nContent-Disposition: form-data; name=\"admin\"\r\n\r\ntrue"
        const echo = yield* Http.post(`${base}/post`, { multipart: { note: forged, file: { content: forged, filename: "n.txt" } } }).pipe(
          Http.decode(PostEcho)
        )
        expect(echo.form).toEqual({ note: forged })
        expect(echo.files).toEqual({ file: forged })
      }))

    it.effect("a Blob part streams with its length declared, and a file part without a type is application/octet-stream", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const blob = new Blob(["blob content"], { type: "text/plain" })
        const echo = yield* Http.post(`${base}/post`, { multipart: { doc: { content: blob, filename: "d.txt" }, raw: { content: new Uint8Array([255, 0, 254]) } } })
          .pipe(Http.decode(PostEcho))
        expect(echo.files.doc).toBe("blob content")
        expect(echo.files.raw).toBe("data:application/octet-stream;base64,/wD+")
        expect(Number(echo.headers["Content-Length"])).toBeGreaterThan(0)
      }))
  })
})

// Boundaries come from the CSPRNG: many draws, none repeated.
it("a thousand boundaries are all distinct", () => {
  const seen = new Set<string>()
  for (let i = 0; i < 1000; i++) seen.add(Multipart.boundary())
  expect(seen.size).toBe(1000)
})

describe("connection fields are the transport's: refused before sending, never retried", () => {
  // Every transport refuses these; sent, they failed after the request began,
  // as a ConnectionError that the retry policy repeated.
  const managed: ReadonlyArray<Record<string, string>> = [
    { "transfer-encoding": "chunked" },
    { expect: "100-continue" },
    { upgrade: "websocket" },
    { "keep-alive": "timeout=5" },
    { connection: "upgrade" },
    { Connection: "x-private, close" }
  ]
  const layers = [...transports, ["mock", MockHttp.layer([MockHttp.any("/x", MockHttp.status(200))])] as const]
  for (const [transport, layer] of layers) {
    it.scoped(`Transfer-Encoding, Expect, Upgrade, Keep-Alive and a Connection option other than close/keep-alive are an InvalidRequest [${transport}]`, () =>
      Effect.gen(function* () {
        const raw = yield* rawServer
        for (const headers of managed) {
          const err = yield* Http.get(`${raw.url}/x`, { headers }).pipe(Effect.provide(layer), Effect.flip)
          expect(err._tag, JSON.stringify(headers)).toBe("InvalidRequest")
          expect(err.message).toContain(Object.keys(headers)[0]!.toLowerCase())
        }
        const stream = Stream.make(new TextEncoder().encode("abc"))
        const badLength = yield* Http.post(`${raw.url}/x`, { body: stream, headers: { "content-length": "three" } }).pipe(
          Effect.provide(layer),
          Effect.flip
        )
        expect(badLength).toMatchObject({ _tag: "InvalidRequest", reason: "header \"content-length\" must be a whole number of bytes" })
        expect(raw.connections()).toBe(0)
      }))
  }

  eachTransport((e2e, transport) => {
    it.layer(e2e)(`what every transport can send [${transport}]`, (it) => {
      it.effect("Connection: close and keep-alive are sent as asked", () =>
        Effect.gen(function* () {
          const base = yield* TestServer.url
          for (const value of ["close", "keep-alive"]) {
            const res = yield* Http.get(`${base}/get`, { headers: { connection: value } })
            expect(res.status).toBe(200)
          }
        }))
    })
  })
})
