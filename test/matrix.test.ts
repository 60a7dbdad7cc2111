/**
 * The combination matrix: session features crossed with the ways a
 * response is read and the transports, covered pairwise (every pair of
 * values of any two factors is in at least one cell). Each cell runs one
 * user's story against the same origin (test/matrix/origin.ts) and checks
 * the invariants of every feature in it:
 *
 * - what is read is what the server sent, to the request that was sent;
 * - a body read as a stream (`stream`, `lines`, NDJSON, SSE, a download,
 *   pages) reaches its reader before the body ends, past the request's
 *   timeout, and is not bounded by `maxBodySize`;
 * - the cache serves a stored response only to the request it was made
 *   for: after a login it does not serve the logged-out page, and never
 *   alice's response to bob, in its own store or a shared one;
 * - a caller's mistake never counts against the origin (the breaker);
 * - the retries of one request send the same idempotency key;
 * - the session's error body types a StatusError;
 * - a middleware runs on every send that reaches the network (not on a
 *   cache hit), told its attempt and redirect hop.
 *
 * `sessionOptions` lists every session option: a new one fails the test
 * below until it is a factor here or its reason to stay out is written.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import * as FileSystem from "#line/platform/FileSystem"
import * as HttpClientRequest from "#line/http/HttpClientRequest"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Schema, Sink, Stream } from "effect"
import { Auth, Http, HttpError, type Middleware, Retry } from "effect-requests"
import { NodeHttp } from "effect-requests/node"
import { connectProxy } from "./security/fixtures.js"
import { httpServer } from "./helpers.js"
import { type Origin, Gate, mockLayer, type Read, serverHandler } from "./matrix/origin.js"
import { allPairs, type Factor, missingPairs, type Row } from "./matrix/pairs.js"
import { collect, memoryPersistence, timeoutFail } from "#testline"

/** Every session option: a factor of the matrix, or why it stays out of it. */
const sessionOptions: Record<keyof Http.SessionConfig, { readonly factor: string } | { readonly fixed: string }> = {
  cache: { factor: "cache" },
  cookies: { factor: "cookies" },
  retry: { factor: "retry" },
  circuitBreaker: { factor: "circuitBreaker" },
  rateLimit: { factor: "rateLimit" },
  errorBody: { factor: "errorBody" },
  auth: { factor: "auth" },
  idempotencyKey: { factor: "idempotencyKey" },
  timeout: { factor: "timeout" },
  deadline: { fixed: "one bound for a call's attempts, the waits between them and its body: test/deadline.test.ts" },
  idleTimeout: { fixed: "bounds the wait for a streamed body's next bytes, every way of reading one: test/idleTimeout.test.ts" },
  proxy: { factor: "proxy" },
  redirects: { factor: "redirects" },
  maxBodySize: { fixed: "8 bytes in every cell that reads a stream (a stream is not bounded by it), the default otherwise" },
  params: { fixed: "a query merged into the URL before any stage: test/Session.test.ts" },
  headers: { fixed: "merged before any stage; the cache's use of them is the auth and cookie factors'" },
  baseUrl: { fixed: "URL resolution before any stage: test/security/baseUrl.test.ts; pages under it: test/sessionStreams.test.ts" },
  allowAbsoluteUrls: { fixed: "URL resolution only: test/security/baseUrl.test.ts" },
  allowInsecureRedirects: { fixed: "needs TLS: test/security/tls.test.ts" },
  validateStatus: { fixed: "the status check after the send; errorBody covers the StatusError path" },
  maxLineLength: { fixed: "bounds lines, NDJSON and SSE: test/security/longLines.test.ts" },
  maxEventSize: { fixed: "bounds SSE events: test/security/longLines.test.ts" },
  retryBudget: { fixed: "counts retries per origin over a minute: test/Retry.test.ts" },
  maxConcurrent: { fixed: "a queue per origin: test/resilience.test.ts" },
  log: { fixed: "observes sends: test/observability.test.ts" },
  tracePropagation: { fixed: "headers of traced sends: test/tracing.test.ts" },
  middleware: { factor: "middleware" }
}

const factors: ReadonlyArray<Factor> = [
  { name: "transport", values: ["fetch", "node", "mock"] },
  // httpClient: the session as a platform HttpClient, as a generated API client uses it.
  { name: "read", values: ["whole", "json", "stream", "lines", "ndjson", "sse", "download", "paginate", "httpClient"] },
  { name: "cache", values: ["off", "memory", "persistence"] },
  { name: "cookies", values: ["off", "on"] },
  { name: "retry", values: ["none", "on"] },
  { name: "circuitBreaker", values: ["off", "on"] },
  { name: "rateLimit", values: ["off", "on"] },
  { name: "errorBody", values: ["off", "on"] },
  // An API key is a credential the cache stores responses for (Authorization, by §3.5, mostly not).
  { name: "auth", values: ["none", "bearer", "apiKey"] },
  { name: "idempotencyKey", values: ["off", "on"] },
  { name: "timeout", values: ["default", "short"] },
  { name: "proxy", values: ["off", "on"] },
  { name: "redirects", values: ["direct", "followed"] },
  // A middleware that writes its attempt and hop on every send.
  { name: "middleware", values: ["off", "on"] }
]

// fetch cannot route a proxy: that pair is refused (checked on its own below), not a cell.
const allowed = (row: Row) => !(row["transport"] === "fetch" && row["proxy"] === "on")

const cells = allPairs(factors, allowed)

const streaming = new Set<Read>(["stream", "lines", "ndjson", "sse", "download", "paginate"])
const SHORT = 1000
const ErrorBody = Schema.Struct({ message: Schema.String })

/** A file system that keeps what is written in memory: downloads land here. */
const memoryFiles = () => {
  const files = new Map<string, Array<Uint8Array>>()
  const layer = FileSystem.layerNoop({
    sink: (file) =>
      Sink.forEach((chunk: Uint8Array) =>
        Effect.sync(() => {
          const parts = files.get(file) ?? []
          parts.push(chunk)
          files.set(file, parts)
        })
      )
  })
  const text = (file: string) => Buffer.concat(files.get(file) ?? []).toString()
  return { layer, text }
}

/** Reads `url` in the cell's way, with `options`; gives the `who` of every response body read (pages: each). */
const readAs = (
  read: Read,
  api: Http.Session,
  url: string,
  options: Http.Options,
  origin: Origin,
  holdMillis: number,
  files: ReturnType<typeof memoryFiles>
) => {
  // A reader that has its first piece lets the server finish, after the
  // hold (past the cell's timeout when it is short).
  const release = Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, holdMillis))).pipe(
    Effect.andThen(Effect.sync(() => origin.gate.release()))
  )
  let released = false
  const once = Effect.suspend(() => {
    if (released) return Effect.sync(() => origin.gate.release())
    released = true
    return release
  })
  const releasedAtHeaders = <E, R>(request: Effect.Effect<Http.Response, E, R>) => Effect.tap(request, () => Effect.sync(() => origin.gate.release()))
  const json = (text: string) => (JSON.parse(text) as { who: string }).who
  const decoder = new TextDecoder()
  const streamText = (res: Http.Response) =>
    Effect.map(collect(res.stream.pipe(Stream.tap(() => once))), (chunks) => chunks.map((c) => decoder.decode(c)).join(""))
  switch (read) {
    case "whole":
      return Effect.map(Effect.flatMap(releasedAtHeaders(api.get(url, options)), (res) => res.text), (text) => [json(text)])
    case "json":
      return Effect.map(
        Effect.flatMap(releasedAtHeaders(api.get(url, options)), (res) => res.decode(Schema.Struct({ who: Schema.String, n: Schema.Number }))),
        (body) => [body.who]
      )
    case "stream":
      return Effect.map(Effect.flatMap(api.get(url, options), streamText), (text) => [json(text)])
    case "lines":
      return Effect.map(
        Effect.flatMap(api.get(url, options), (res) => collect(res.lines.pipe(Stream.tap(() => once)))),
        (lines) => [lines[0]!.replace(/^who=/, "")]
      )
    case "ndjson":
      return Effect.map(collect(api.ndjson(url, Schema.Struct({ who: Schema.String }), options).pipe(Stream.tap(() => once))), (values) => [values[0]!.who])
    case "sse":
      return Effect.map(collect(api.sse(url, options).pipe(Stream.tap(() => once), Stream.take(2))), (events) => [events[0]!.data])
    case "download": {
      const file = path.join("/downloads", `${Math.random()}`)
      return Effect.map(api.download(url, file, { ...options, onProgress: () => once }), () => [json(files.text(file))])
    }
    case "paginate":
      return Effect.map(collect(api.paginate(url, options).pipe(Stream.mapEffect(streamText))), (pages) => pages.map(json))
    case "httpClient": {
      // A request's own credential, as a generated client would set it: a header.
      const headers = { ...options.headers, ...(options.auth === undefined ? {} : { authorization: Auth.toHeader(options.auth) }) }
      const request = HttpClientRequest.setHeaders(HttpClientRequest.get(url), headers as Record<string, string>)
      return Effect.map(
        Effect.flatMap(Effect.tap(api.httpClient.execute(request), () => Effect.sync(() => origin.gate.release())), (res) => res.text),
        (text) => [json(text)]
      ).pipe(Effect.mapError(HttpError.fromPlatform))
    }
  }
}

/** The matrix's middleware: it writes which attempt and hop each send is. */
const stamp: Middleware.Middleware = (request, next, info) =>
  next(HttpClientRequest.setHeader(request, "x-middleware", `a${info.attempt}h${info.hop}`))

/** One cell: a user's story with the cell's session, and every invariant checked on the way. */
const runCell = (row: Row) =>
  Effect.gen(function* () {
    const read = row["read"] as Read
    const origin: Origin = { gate: new Gate(), seen: [] }
    const fail503 = row["retry"] === "on"
    const files = memoryFiles()
    const proxy = row["proxy"] === "on" ? (row["transport"] === "node" ? (yield* connectProxy).url : "http://127.0.0.1:9") : undefined
    const base = row["transport"] === "mock"
      ? "http://origin.test"
      : (yield* httpServer(serverHandler(origin, read, fail503))).url
    const transport = row["transport"] === "mock"
      ? mockLayer(origin, read, fail503)
      : row["transport"] === "node"
      ? NodeHttp.layer
      : Http.layer
    const short = row["timeout"] === "short"
    const config = (credential: string | undefined): Http.SessionConfig => ({
      ...(row["cache"] === "off" ? {} : { cache: row["cache"] === "memory" ? true : { store: "persistence" as const } }),
      ...(row["cookies"] === "on" ? { cookies: true } : {}),
      retry: row["retry"] === "on" ? Retry.policy({ times: 2, base: "10 millis" }) : Retry.none,
      ...(row["circuitBreaker"] === "on" ? { circuitBreaker: { failureThreshold: 2, resetAfter: "1 minute" } } : {}),
      ...(row["rateLimit"] === "on" ? { rateLimit: { limit: 1000, interval: "1 second" } } : {}),
      ...(row["errorBody"] === "on" ? { errorBody: ErrorBody } : {}),
      ...credentialOf(credential),
      ...(row["idempotencyKey"] === "on" ? { idempotencyKey: true } : {}),
      ...(short ? { timeout: SHORT } : {}),
      ...(proxy === undefined ? {} : { proxy }),
      ...(streaming.has(read) ? { maxBodySize: 8 } : {}),
      ...(row["middleware"] === "on" ? { middleware: [stamp] } : {})
    })
    // The credential as the cell sends it: a bearer token or an API key.
    const credentialOf = (credential: string | undefined): Http.CommonOptions =>
      credential === undefined || row["auth"] === "none" ? {} : row["auth"] === "apiKey" ? { headers: { "x-api-key": credential } } : { auth: Auth.bearer(credential) }
    const alice = row["auth"] === "none" ? undefined : "alice"
    const api = Http.make(config(alice))
    const target = read === "paginate" ? "/page1" : "/data"
    const url = row["redirects"] === "followed" ? `${base}/r?to=${encodeURIComponent(target)}` : `${base}${target}`
    // The first read of a stream holds the rest of the body past a short timeout.
    let hold = short && streaming.has(read) ? SHORT + 200 : 0
    const story = (session: Http.Session, options: Http.Options = {}) =>
      Effect.suspend(() => {
        const held = hold
        hold = 0
        return readAs(read, session, url, options, origin, held, files)
      })
    // Bob: on a shared store, a session of his own; otherwise alice's session with his credential on the request.
    const asBob = row["cache"] === "persistence" ? story(Http.make(config("bob"))) : story(api, credentialOf("bob"))

    return yield* checks(row, { api, asBob, base, url, origin, story, alice, read, fail503 }).pipe(
      Effect.provide(Layer.mergeAll(transport, files.layer, memoryPersistence))
    )
  })

interface Cell {
  readonly api: Http.Session
  readonly asBob: Effect.Effect<Array<string>, unknown, any>
  readonly base: string
  readonly url: string
  readonly origin: Origin
  readonly story: (session: Http.Session) => Effect.Effect<Array<string>, unknown, any>
  readonly alice: string | undefined
  readonly read: Read
  readonly fail503: boolean
}

const checks = (row: Row, { alice, api, asBob, base, fail503, origin, read, story, url }: Cell) =>
  Effect.gen(function* () {
    const who = (credential: string | undefined, cookie: boolean) =>
      `${credential === undefined ? "-" : row["auth"] === "apiKey" ? credential : `Bearer ${credential}`}|${cookie ? "seen=1" : "-"}`
    const expected = (first: string) => read === "paginate" ? [first, `${first}#2`] : [first]

    // A caller's mistakes first: refused before sending, never counted against the origin.
    if (row["circuitBreaker"] === "on") {
      for (let i = 0; i < 3; i++) {
        const mistake = yield* api.get(url, { headers: { expect: "100-continue" } }).pipe(Effect.flip)
        expect(mistake._tag).toBe("InvalidRequest")
      }
    }

    // Logged out, then (with a jar) logged in: each read names who the request was sent as.
    expect(yield* story(api)).toEqual(expected(who(alice, false)))
    const loggedIn = row["cookies"] === "on"
    if (loggedIn) yield* api.get(`${base}/login`)
    expect(yield* story(api)).toEqual(expected(who(alice, loggedIn)))
    // Bob never gets alice's response: from her session's store, or from a shared one.
    const bobCookie = loggedIn && row["cache"] !== "persistence"
    expect(yield* asBob).toEqual(expected(who(row["auth"] === "none" ? undefined : "bob", bobCookie)))

    // The retries of one request carried the same idempotency key, and only with the option.
    if (fail503) {
      const [first, second] = origin.seen
      expect(second?.idempotencyKey).toBe(first?.idempotencyKey)
    }
    expect(origin.seen.every((seen) => (seen.idempotencyKey !== undefined) === (row["idempotencyKey"] === "on"))).toBe(true)

    // The middleware saw every send that reached the origin, with its attempt (the 503's retry is the second) and hop.
    expect(origin.seen.map((seen) => seen.middleware)).toEqual(origin.seen.map((seen, i) => {
      if (row["middleware"] === "off") return undefined
      const hop = row["redirects"] === "followed" && seen.path !== "/page2" ? 1 : 0
      return `a${fail503 && i === 1 ? 2 : 1}h${hop}`
    }))

    // The session's error body types its StatusError.
    const problem = yield* api.get(`${base}/problem`).pipe(Effect.flip)
    expect(problem).toMatchObject({ _tag: "StatusError", status: 404 })
    if (problem._tag === "StatusError") {
      expect(problem.data).toEqual(row["errorBody"] === "on" ? { message: "nope" } : undefined)
    }
  })

describe("the combination matrix", () => {
  it("every session option is a factor of the matrix, or says why it is not", () => {
    const source = fs.readFileSync(path.join(import.meta.dirname, "..", "src", "internal", "types", "options.ts"), "utf8")
    const fieldsOf = (name: string) => {
      const body = new RegExp(`export interface ${name}\\b[^{]*\\{([\\s\\S]*?)\\n\\}`).exec(source)?.[1] ?? ""
      return [...body.matchAll(/^ {2}readonly (\w+)\?/gm)].map((m) => m[1]!)
    }
    const options = [...fieldsOf("CommonOptions"), ...fieldsOf("SessionConfig")].sort()
    expect(options.length).toBeGreaterThan(20)
    expect(Object.keys(sessionOptions).sort()).toEqual(options)
    const named = new Set(factors.map((f) => f.name))
    for (const [option, entry] of Object.entries(sessionOptions)) {
      if ("factor" in entry) expect(named.has(entry.factor), option).toBe(true)
    }
  })

  it(`covers every allowed pair of factor values in ${cells.length} cells`, () => {
    expect(missingPairs(factors, cells, allowed)).toEqual([])
    console.info(`combination matrix: ${factors.length} factors, ${cells.length} cells (the full product would be ${factors.reduce((n, f) => n * f.values.length, 1)})`)
  })

  for (const [index, row] of cells.entries()) {
    const name = factors.map((f) => `${f.name}=${row[f.name]}`).join(" ")
    it.scopedLive(`cell ${index + 1}: ${name}`, () =>
      runCell(row).pipe(
        timeoutFail({ duration: "20 seconds", onTimeout: () => new Error(`cell ${index + 1} did not finish: a reader waited for a body held back`) })
      ))
  }

  it.scopedLive("a session with a proxy over fetch is refused before anything is sent: fetch cannot route it", () =>
    Effect.gen(function* () {
      const origin: Origin = { gate: new Gate(), seen: [] }
      const { url } = yield* httpServer(serverHandler(origin, "whole", false))
      const err = yield* Http.make({ proxy: "http://127.0.0.1:9" }).get(`${url}/data`).pipe(Effect.provide(Http.layer), Effect.flip)
      expect(err).toMatchObject({ _tag: "InvalidRequest" })
      expect(origin.seen).toEqual([])
    }))
})
