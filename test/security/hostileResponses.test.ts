import * as zlib from "node:zlib"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { Http, Retry } from "effect-requests"
import { NodeHttp } from "effect-requests/node"
import { transports } from "../helpers.js"
import { hostileServer } from "./fixtures.js"
import { effectTimeoutTag, toEither } from "#testline"

const once = { retry: Retry.none, timeout: "5 seconds" } as const

const head = (status: string, headers: ReadonlyArray<string>) => `HTTP/1.1 ${status}\r\n${headers.join("\r\n")}\r\n\r\n`

for (const [transport, layer] of transports) {
  describe(`hostile responses [${transport}]`, () => {
    it.scoped("a final status of 600–999 without a Content-Length is a StatusError with that status, never a crash", () =>
      Effect.gen(function* () {
        const server = yield* hostileServer(() => head("799 Odd", ["connection: close"]) + "body")
        const err = yield* Http.get(`${server.url}/odd`, once).pipe(Effect.flip)
        expect(err).toMatchObject({ _tag: "StatusError", status: 799 })
      }).pipe(Effect.provide(layer)))

    it.scoped("status 000 is a ConnectionError that says the response was malformed, not the parser's internals", () =>
      Effect.gen(function* () {
        const server = yield* hostileServer(() => head("000 Zero", ["content-length: 0"]))
        const err = yield* Http.get(`${server.url}/zero`, once).pipe(Effect.flip)
        expect(err._tag).toBe("ConnectionError")
        expect(err.message).toMatch(/malformed/)
        expect(err.message).not.toMatch(/assert/)
      }).pipe(Effect.provide(layer)))

    it.scoped("a raw deflate body (no zlib header) is decoded like the runtime's fetch decodes it", () =>
      Effect.gen(function* () {
        const raw = zlib.deflateRawSync(Buffer.from("raw deflate body"))
        const server = yield* hostileServer(() =>
          Buffer.concat([Buffer.from(head("200 OK", ["content-encoding: deflate", `content-length: ${raw.length}`])), raw]))
        const res = yield* Http.get(`${server.url}/raw`, once)
        expect(yield* res.text).toBe("raw deflate body")
      }).pipe(Effect.provide(layer)))

    it.scoped("a Location of raw UTF-8 bytes is followed as the UTF-8 it is (/café → /caf%C3%A9)", () =>
      Effect.gen(function* () {
        const server = yield* hostileServer((request) =>
          request.startsWith("GET /start ")
            ? Buffer.concat([Buffer.from("HTTP/1.1 302 Found\r\nlocation: /caf"), Buffer.from("é", "utf8"), Buffer.from("\r\ncontent-length: 0\r\n\r\n")])
            : head("200 OK", ["content-length: 2"]) + "ok")
        const res = yield* Http.get(`${server.url}/start`, once)
        expect(res.url).toBe(`${server.url}/caf%C3%A9`)
        expect(server.requests()[1]).toMatch(/^GET \/caf%C3%A9 /)
      }).pipe(Effect.provide(layer)))

    it.scopedLive("a caller that stops reading a stalled body as a stream (Effect.timeout) closes the connection", () =>
      Effect.gen(function* () {
        const server = yield* hostileServer(() => head("200 OK", ["content-length: 100000"]) + "x".repeat(50_000), { keepOpen: true })
        const res = yield* Http.get(`${server.url}/stall`, once)
        const outcome = yield* Stream.runDrain(res.stream).pipe(Effect.timeout("300 millis"), Effect.flip)
        expect(outcome._tag).toBe(effectTimeoutTag)
        // The abort reaches the server as a closed socket.
        for (let i = 0; i < 250 && server.open() > 0; i++) yield* Effect.sleep("20 millis")
        expect(server.open()).toBe(0)
      }).pipe(Effect.provide(layer)))

    it.scoped("a Location with userinfo is followed without it: no secret in res.url, the request or any message", () =>
      Effect.gen(function* () {
        const server = yield* hostileServer((request) =>
          request.startsWith("GET /start ")
            ? head("302 Found", [`location: http://u:SECRET@${request.match(/host: (\S+)/i)![1]}/next`, "content-length: 0"])
            : head("200 OK", ["content-length: 2"]) + "ok")
        const res = yield* Http.get(`${server.url}/start`, once)
        expect(res.url).toBe(`${server.url}/next`)
        expect(res.redirects.join(" ")).not.toContain("SECRET")
        expect(server.requests()[1]).not.toMatch(/authorization/i)
      }).pipe(Effect.provide(layer)))
  })
}

describe("hostile responses [node]", () => {
  // The runtime's fetch decodes bodies itself and finishes a gzip stream
  // leniently (undici and browsers alike), so over Http.layer a cut body
  // cannot be told from a whole one: SECURITY.md says so.
  it.scoped("a gzip body cut short (with a Content-Length that matches the cut) is an error, not a short success", () =>
    Effect.gen(function* () {
      const whole = zlib.gzipSync(Buffer.from("x".repeat(1000) + "0123456789".repeat(10_000)))
      const cut = whole.subarray(0, whole.length - 20)
      const server = yield* hostileServer(() =>
        Buffer.concat([Buffer.from(head("200 OK", ["content-encoding: gzip", `content-length: ${cut.length}`])), cut]))
      const res = yield* Http.get(`${server.url}/cut`, once)
      const err = yield* res.bytes.pipe(Effect.map((bytes) => `${bytes.length} bytes`), Effect.flip)
      expect(err._tag).toBe("ConnectionError")
    }).pipe(Effect.provide(NodeHttp.layer)))

  it.scoped("a brotli or a gzip-in-deflate chain cut short is an error too, and an empty gzip body is empty", () =>
    Effect.gen(function* () {
      const text = Buffer.from("0123456789".repeat(10_000))
      const br = zlib.brotliCompressSync(text)
      const chained = zlib.deflateSync(zlib.gzipSync(text))
      const bodies: Record<string, readonly [string, Buffer]> = {
        "/br": ["br", br.subarray(0, br.length - 10)],
        "/chain": ["gzip, deflate", chained.subarray(0, chained.length - 30)],
        "/empty": ["gzip", Buffer.alloc(0)]
      }
      const server = yield* hostileServer((request) => {
        const [coding, body] = bodies[request.split(" ")[1]!]!
        return Buffer.concat([Buffer.from(head("200 OK", [`content-encoding: ${coding}`, `content-length: ${body.length}`])), body])
      })
      for (const path of ["/br", "/chain"]) {
        const res = yield* Http.get(`${server.url}${path}`, once)
        const err = yield* res.bytes.pipe(Effect.map((bytes) => `${bytes.length} bytes`), Effect.flip)
        expect(err._tag).toBe("ConnectionError")
      }
      const empty = yield* Http.get(`${server.url}/empty`, once)
      expect((yield* empty.bytes).length).toBe(0)
    }).pipe(Effect.provide(NodeHttp.layer)))

  it.scopedLive("a response not kept alive that nobody reads yet, whose server then closes, never crashes the process (nodejs/undici#5360)", () =>
    Effect.gen(function* () {
      // Just past the 1 MiB held for an idle reader: a pause would land on the last chunk, then the FIN.
      const body = "a".repeat(1024 * 1024 + 100)
      const answers = [
        `HTTP/1.1 200 OK\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
        `HTTP/1.0 200 OK\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
        `HTTP/1.0 200 OK\r\n\r\n${body}`
      ]
      // An HTTP/1.0 answer cut short while paused, with a body the decoder refuses (found by the fuzzer).
      const broken = `HTTP/1.0 200 OK\r\ncontent-length: 132214\r\ncontent-encoding: gzip\r\n\r\n${"x".repeat(31_000)}`
      const all = [...answers, broken]
      const server = yield* hostileServer((request) => all[Number(request.split(" ")[1]!.slice(1))]!)
      for (let i = 0; i < all.length; i++) {
        const res = yield* Http.get(`${server.url}/${i}`, once)
        // Long enough for the whole body to arrive and the server to close.
        yield* Effect.sleep("300 millis")
        const read = yield* toEither(res.bytes)
        if (i < answers.length) expect(read).toMatchObject({ _tag: "Right", right: { length: body.length } })
        else expect(read).toMatchObject({ _tag: "Left", left: { _tag: "ConnectionError" } })
      }
    }).pipe(Effect.provide(NodeHttp.layer)))
})
