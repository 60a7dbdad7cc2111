/**
 * The fuzzing harness: a loopback TCP server that answers each request with
 * a raw response generated from a seed (status lines, headers, framing,
 * encodings, early closes, stalls), and a runner that sends one request per
 * case over a transport and sorts every outcome: a success, a typed
 * `HttpError` by tag, or a failure of the library (a defect, a hang past
 * the request's timeout, a socket left open). `npm run fuzz` runs it long;
 * `test/fuzz.test.ts` runs a bounded slice of it in `npm test`.
 */
import * as zlib from "node:zlib"
import type * as HttpClient from "#line/http/HttpClient"
import { Cause, Duration, Effect, Exit, FastCheck as fc, Layer, Stream } from "effect"
import { Http, HttpError, Retry } from "effect-requests"
import { hostileServer, undiciFetchLayer } from "../security/fixtures.js"

/** One generated exchange: what the server writes, and how the client reads it. */
export interface Case {
  readonly response: Uint8Array
  /** After writing: close, or leave the socket open (a stall; "keep" only weights it). */
  readonly ending: "close" | "stall" | "keep"
  readonly method: "GET" | "POST" | "HEAD"
  readonly read: "text" | "json" | "bytes" | "stream" | "lines" | "status"
}

const text = (s: string) => new TextEncoder().encode(s)
const concat = (parts: ReadonlyArray<Uint8Array>) => new Uint8Array(Buffer.concat(parts))

const statusLine = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("HTTP/1.1 200 OK", "HTTP/1.1 201 Created", "HTTP/1.1 404 Not Found", "HTTP/1.1 503 Busy", "HTTP/1.0 200 OK") },
  { weight: 2, arbitrary: fc.constantFrom("HTTP/1.1 204 No Content", "HTTP/1.1 304 Not Modified", "HTTP/1.1 302 Found", "HTTP/1.1 307 Temporary", "HTTP/1.1 429 Slow down") },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "HTTP/1.1 000 Zero", "HTTP/1.1 099 Low", "HTTP/1.1 199 Odd", "HTTP/1.1 600 High", "HTTP/1.1 999 Max", "HTTP/1.1 1000 Big",
      "HTTP/1.1 abc Letters", "HTTP/2.0 200 OK", "HTTP/1.1 200", "HTP/1.1 200 OK", "HTTP/1.1  200 OK", "garbage", ""
    )
  }
)

const interim = fc.constantFrom("", "HTTP/1.1 100 Continue\r\n\r\n", "HTTP/1.1 103 Early Hints\r\nlink: </a>; rel=preload\r\n\r\n", "HTTP/1.1 100 Continue\r\n\r\n".repeat(50))

const extraHeader = fc.constantFrom(
  "content-type: application/json", "content-type: text/plain; charset=latin1", "content-type: text/html; charset=\"\"\"",
  "set-cookie: a=1; Domain=com", "set-cookie: __Host-x=1", "retry-after: 3600", "retry-after: -5", "retry-after: Wed, 21 Oct 2099 07:28:00 GMT",
  "link: <http://127.0.0.1:1/next>; rel=next", "x-long: " + "a".repeat(20_000), "no colon here", " folded: continuation",
  "x-nul: a\0b", "x-high: caf\u00e9", "location: /elsewhere", "location: http://u:SECRET@127.0.0.1:1/", "location: unix:/tmp/x:/",
  "content-length: -1", "content-length: 1e3", "content-length: 5, 6", "transfer-encoding: gzip, chunked", "connection: close"
)

const payload = fc.oneof(
  fc.constantFrom(text(""), text("{\"ok\":true}"), text("not json"), text("line 1\nline 2\r\n"), text("{\"__proto__\":{\"x\":1}}")),
  fc.uint8Array({ maxLength: 2048 }),
  fc.nat({ max: 200_000 }).map((n) => text("x".repeat(n)))
)

/** How the body is framed and encoded, possibly wrongly. */
const framing = fc.record({
  encoding: fc.oneof(
    { weight: 4, arbitrary: fc.constant("identity") },
    { weight: 4, arbitrary: fc.constantFrom("gzip", "deflate", "raw-deflate", "br") },
    { weight: 2, arbitrary: fc.constantFrom("gzip-cut", "garbage-gzip", "chain-6", "unknown") }
  ),
  length: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom("exact", "exact", "chunked", "none") },
    { weight: 3, arbitrary: fc.constantFrom("more", "less", "duplicate", "chunked-bad", "chunked-cut") }
  )
})

const encode = (body: Uint8Array, encoding: string): { readonly bytes: Uint8Array; readonly header: string | undefined } => {
  switch (encoding) {
    case "gzip": return { bytes: zlib.gzipSync(body), header: "gzip" }
    case "deflate": return { bytes: zlib.deflateSync(body), header: "deflate" }
    case "raw-deflate": return { bytes: zlib.deflateRawSync(body), header: "deflate" }
    case "br": return { bytes: zlib.brotliCompressSync(body), header: "br" }
    case "gzip-cut": {
      const whole = zlib.gzipSync(body)
      return { bytes: whole.subarray(0, Math.max(0, whole.length - 12)), header: "gzip" }
    }
    case "garbage-gzip": return { bytes: body, header: "gzip" }
    case "chain-6": return { bytes: body, header: "gzip, gzip, gzip, gzip, gzip, gzip" }
    case "unknown": return { bytes: body, header: "zstd-ish" }
    default: return { bytes: body, header: undefined }
  }
}

const frame = (bytes: Uint8Array, length: string): { readonly headers: ReadonlyArray<string>; readonly body: Uint8Array } => {
  switch (length) {
    case "exact": return { headers: [`content-length: ${bytes.length}`], body: bytes }
    case "more": return { headers: [`content-length: ${bytes.length + 100}`], body: bytes }
    case "less": return { headers: [`content-length: ${Math.max(0, bytes.length - 3)}`], body: bytes }
    case "duplicate": return { headers: [`content-length: ${bytes.length}`, `content-length: ${bytes.length + 1}`], body: bytes }
    case "chunked": return { headers: ["transfer-encoding: chunked"], body: concat([text(`${bytes.length.toString(16)}\r\n`), bytes, text("\r\n0\r\n\r\n")]) }
    case "chunked-bad": return { headers: ["transfer-encoding: chunked"], body: concat([text("zz\r\n"), bytes]) }
    case "chunked-cut": return { headers: ["transfer-encoding: chunked"], body: concat([text(`${(bytes.length + 50).toString(16)}\r\n`), bytes]) }
    default: return { headers: [], body: bytes }
  }
}

/** The generated exchanges. */
export const cases: fc.Arbitrary<Case> = fc.record({
  interim,
  status: statusLine,
  extra: fc.array(extraHeader, { maxLength: 4 }),
  payload,
  framing,
  ending: fc.constantFrom("close", "close", "close", "keep", "stall"),
  // One case in four is cut short somewhere; the rest are whole, so that
  // the other faults (and the success paths) are reached too.
  cutAt: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat() }),
  method: fc.constantFrom("GET", "GET", "POST", "HEAD"),
  read: fc.constantFrom("text", "json", "bytes", "stream", "lines", "status")
}).map(({ cutAt, ending, extra, framing, interim, method, payload, read, status }): Case => {
  const encoded = encode(payload, framing.encoding)
  const framed = frame(encoded.bytes, framing.length)
  const headers = [...framed.headers, ...(encoded.header === undefined ? [] : [`content-encoding: ${encoded.header}`]), ...extra]
  let response = concat([text(`${interim}${status}\r\n${headers.join("\r\n")}\r\n\r\n`), framed.body])
  // An early close anywhere: in the status line, the headers or the body.
  if (cutAt !== null) response = response.subarray(0, cutAt % (response.length + 1))
  return { response, ending: ending as Case["ending"], method: method as Case["method"], read: read as Case["read"] }
})

const caseIndex = (head: string): number => Number(/^[A-Z]+ \/case\/(\d+)/.exec(head)?.[1] ?? -1)

/** A loopback server answering the request for case n with `answers[n]`. */
const serve = (answers: ReadonlyArray<Case>) =>
  hostileServer((head) => {
    const answer = answers[caseIndex(head)]
    return answer === undefined ? "" : { bytes: answer.response, keepOpen: answer.ending !== "close" }
  })

/** How one case ended. */
export type Outcome = "success" | HttpError.HttpError["_tag"] | "defect" | "hang" | "not an HttpError"

const TIMEOUT = Duration.millis(600)

const read = (response: Http.Response, how: Case["read"]): Effect.Effect<unknown, HttpError.HttpError> => {
  switch (how) {
    case "text": return response.text
    case "json": return response.json
    case "bytes": return response.bytes
    case "stream": return Stream.runDrain(response.stream)
    case "lines": return Stream.runDrain(response.lines)
    case "status": return Effect.succeed(response.status)
  }
}

/** Sends case `index` and sorts its outcome; a hang is a request not over well after its timeout. */
export const runCase = (url: string, index: number, c: Case): Effect.Effect<Outcome, never, HttpClient.HttpClient> => {
  const request = Http.request(c.method, `${url}/case/${index}`, {
    timeout: TIMEOUT,
    retry: Retry.none,
    redirects: 2,
    ...(c.method === "POST" ? { json: { case: index } } : {})
  }).pipe(
    // Streams are read at the reader's pace: the harness bounds them as a caller would.
    Effect.flatMap((response) => c.read === "stream" || c.read === "lines" ? Effect.timeout(read(response, c.read), "2 seconds") : read(response, c.read))
  )
  return request.pipe(
    Effect.timeoutTo({ duration: "6 seconds", onTimeout: (): Outcome => "hang", onSuccess: (): Outcome => "success" }),
    Effect.exit,
    Effect.map((exit): Outcome => {
      if (Exit.isSuccess(exit)) return exit.value
      const failure = Cause.failureOption(exit.cause)
      if (failure._tag === "None") return "defect"
      const error = failure.value
      if (HttpError.isHttpError(error)) return error._tag
      // Effect.timeout around a stream read: the caller's own bound, not ours.
      return (error as { _tag?: string })._tag === "TimeoutException" ? "TimeoutError" : "not an HttpError"
    })
  )
}

/** Every outcome counted by tag, and the sockets the server still had open afterwards. */
export interface Report {
  readonly counts: Readonly<Record<string, number>>
  readonly openSockets: number
  /** The cases whose sockets were left open. */
  readonly openCases: ReadonlyArray<number>
  readonly failures: ReadonlyArray<{ readonly index: number; readonly outcome: Outcome }>
}

/** Runs `n` generated cases from `seed` over `transport`, 16 at a time. */
export const fuzz = (transport: Layer.Layer<HttpClient.HttpClient>, seed: number, n: number): Effect.Effect<Report> =>
  Effect.scoped(
    Effect.gen(function* () {
      const generated = fc.sample(cases, { seed, numRuns: n })
      const server = yield* serve(generated)
      const openCases = () => server.openRequests().map(caseIndex)
      const outcomes = yield* Effect.forEach(generated, (c, index) => runCase(server.url, index, c), { concurrency: 16 }).pipe(
        Effect.provide(transport)
      )
      // Abandoned bodies are aborted at their deadline, and idle keep-alive
      // sockets close after the pool's idle timeout (undici's is 4 s): a
      // socket still open after that was left behind.
      for (let i = 0; i < 120 && server.open() > 0; i++) yield* Effect.sleep("50 millis")
      const counts: Record<string, number> = {}
      const failures: Array<{ index: number; outcome: Outcome }> = []
      outcomes.forEach((outcome, index) => {
        counts[outcome] = (counts[outcome] ?? 0) + 1
        if (outcome === "defect" || outcome === "hang" || outcome === "not an HttpError") failures.push({ index, outcome })
      })
      return { counts, openSockets: server.open(), openCases: openCases(), failures }
    })
  )

/**
 * The fetch transport as the fuzzer drives it: undici 8's own fetch. The
 * fetch bundled with Node 22 and 24 is undici 7, with its paused-parser
 * crash (nodejs/undici#5360) that no library can guard; SECURITY.md says so.
 */
export const fetchTransport: Layer.Layer<HttpClient.HttpClient> = undiciFetchLayer()

