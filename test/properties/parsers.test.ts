import * as zlib from "node:zlib"
import * as Cookies from "@effect/platform/Cookies"
import { beforeAll, describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc, Option, Stream } from "effect"
import type { Http } from "effect-requests"
import { getDomain } from "tldts"
import * as CookieJar from "../../src/internal/cookieJar.js"
import * as Multipart from "../../src/internal/multipart.js"
import * as Decompress from "../../src/internal/node/decompress.js"
import * as Sse from "../../src/internal/sse.js"
import { lines, link } from "../../src/internal/streaming.js"
import { fixed } from "./seed.js"
import { collect } from "#testline"

const origin = { method: "GET", url: "http://127.0.0.1/", status: 200 }

/** The bytes of `text` cut at the given byte offsets (inside UTF-8 sequences too). */
const cut = (text: string, offsets: ReadonlyArray<number>) => {
  const bytes = new TextEncoder().encode(text)
  const points = [...new Set(offsets.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b)
  const chunks: Array<Uint8Array> = []
  let start = 0
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(start, point))
    start = point
  }
  return Stream.fromIterable(chunks)
}

const linesOf = (body: Stream.Stream<Uint8Array>) => Effect.runSync(collect(lines(body, 1_000_000, origin)))

const text = fc.array(fc.constantFrom("a", "é", "😀", "\r", "\n", "\r\n", " ", ":", "data", "id", "event", "retry", "1"), { maxLength: 40 })
  .map((parts) => parts.join(""))
const offsets = fc.array(fc.nat(), { maxLength: 8 })

describe("parser properties", () => {
  // The jar reads the Public Suffix List, which a session loads before its first request.
  beforeAll(() => Effect.runPromise(CookieJar.loadSuffixes))

  it.prop("line splitting: where the chunks are cut never changes the lines", { text, offsets }, ({ offsets, text }) => {
    const whole = linesOf(Stream.make(new TextEncoder().encode(text)))
    expect(linesOf(cut(text, offsets))).toEqual(whole)
    const reference = text.split(/\r\n|\r|\n/)
    if (reference.at(-1) === "") reference.pop()
    expect(whole).toEqual(reference)
  }, fixed)

  it.prop("SSE: where the chunks are cut never changes the events", { text, offsets }, ({ offsets, text }) => {
    const events = (body: Stream.Stream<Uint8Array>) =>
      Effect.runSync(collect(Sse.parse(lines(body, 1_000_000, origin), { lastEventId: undefined, retryMillis: undefined })))
    expect((events(cut(text, offsets)))).toEqual((events(Stream.make(new TextEncoder().encode(text)))))
  }, fixed)

  it.prop("Link: the first entry whose rel names the relation is the one found, resolved against the response URL", {
    entries: fc.array(fc.record({ path: fc.stringMatching(/^[a-z0-9]{1,8}$/), rel: fc.constantFrom("next", "prev", "last", "next last", "NEXT") }), { maxLength: 6 })
  }, ({ entries }) => {
    const header = entries.map((e) => `<${e.path}?page=2>; rel="${e.rel}"`).join(", ")
    const response = { url: "https://api.test/v1/items", headers: { get: () => header === "" ? undefined : header } } as unknown as Http.Response
    const first = entries.find((e) => e.rel.toLowerCase().split(" ").includes("next"))
    expect(link(response, "next")).toEqual(first === undefined ? Option.none() : Option.some(`https://api.test/v1/${first.path}?page=2`))
  }, fixed)

  it.prop("cookies: a cookie is never sent to another site than the one that set it, whatever Domain it names", {
    setter: fc.constantFrom("www.example.co.uk", "a.example.com", "x.github.io", "localhost", "127.0.0.1", "example.com"),
    domain: fc.constantFrom(undefined, "co.uk", "uk", "com", "github.io", "example.co.uk", "example.com", "io", "localhost", "127.0.0.1", "other.com"),
    target: fc.constantFrom("www.example.co.uk", "other.co.uk", "b.example.com", "evil.com", "y.github.io", "localhost", "127.0.0.1", "example.com"),
    prefix: fc.constantFrom("", "__Host-", "__Secure-"),
    secure: fc.boolean()
  }, ({ domain, prefix, secure, setter, target }) => {
    const jar = CookieJar.make()
    const attributes = [domain === undefined ? "" : `; Domain=${domain}`, secure ? "; Secure" : "", "; Path=/"].join("")
    jar.store(new URL(`https://${setter}/`), Cookies.fromSetCookie([`${prefix}c=1${attributes}`]), 0)
    const sent = jar.header(new URL(`https://${target}/`), 0)
    const site = (host: string) => getDomain(host, { allowPrivateDomains: true }) ?? host
    if (sent !== undefined) expect(site(target)).toBe(site(setter))
    if (sent !== undefined && prefix === "__Host-") expect(target).toBe(setter)
    if (prefix !== "" && !secure) expect(sent).toBeUndefined()
  }, fixed)

  it.effect.prop("multipart: any fields and file bytes round-trip through a standard form-data parser", {
    fields: fc.array(fc.record({ name: fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/), value: fc.string({ unit: fc.oneof(fc.constantFrom("\r", "\n", "--", "-"), fc.char()) }) }), { maxLength: 5 }),
    file: fc.uint8Array({ maxLength: 512 })
  }, ({ fields, file }) =>
    Effect.gen(function* () {
      const encoder = new TextEncoder()
      const parts: Array<Multipart.Part> = [
        ...fields.map((f) => ({ name: f.name, content: encoder.encode(f.value) })),
        { name: "upload", filename: "data.bin", contentType: "application/octet-stream", content: file }
      ]
      const body = Multipart.encode(parts)
      if (body._tag !== "Uint8Array") throw new Error("expected bytes")
      const form = yield* Effect.promise(() => new Response(body.body as BodyInit, { headers: { "content-type": body.contentType } }).formData())
      expect(form.getAll("upload")).toHaveLength(1)
      const upload = form.get("upload") as File
      expect(new Uint8Array(yield* Effect.promise(() => upload.arrayBuffer()))).toEqual(file)
      for (const f of fields) expect(form.getAll(f.name)).toContain(f.value)
    }), fixed)

  it.effect.prop("decompression: any chain of up to five gzip, deflate (zlib or raw) and br layers gives the bytes back", {
    bytes: fc.uint8Array({ maxLength: 4096 }),
    codings: fc.array(fc.constantFrom("gzip", "deflate", "raw-deflate", "br"), { minLength: 1, maxLength: 5 })
  }, ({ bytes, codings }) =>
    Effect.gen(function* () {
      let body = Buffer.from(bytes)
      for (const coding of codings) {
        body = coding === "gzip" ? zlib.gzipSync(body)
          : coding === "deflate" ? zlib.deflateSync(body)
          : coding === "raw-deflate" ? zlib.deflateRawSync(body)
          : zlib.brotliCompressSync(body)
      }
      const header = codings.map((c) => c === "raw-deflate" ? "deflate" : c).join(", ")
      const decoding = Decompress.forEncoding(header)
      if (decoding._tag !== "Decode") throw new Error(`not decoded: ${decoding._tag}`)
      const chain = decoding.start()
      const out = yield* Effect.async<Buffer, Error>((resume) => {
        const chunks: Array<Buffer> = []
        chain.last.on("data", (chunk: Buffer) => chunks.push(chunk))
        chain.last.on("end", () => resume(Effect.succeed(Buffer.concat(chunks))))
        chain.last.on("error", (error) => resume(Effect.fail(error)))
        chain.first.end(body)
      })
      expect(new Uint8Array(out)).toEqual(bytes)
    }), fixed)
})
