import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { expect, it } from "@effect/vitest"
import { Cause, Effect, Exit, Layer, Scope } from "effect"
import { Auth, Http } from "effect-requests"
import { Cassette, TestServer } from "effect-requests/testing"
import { inScope, memoryTracer } from "#testline"

const exchanges = (base: string) =>
  Effect.gen(function* () {
    const get = yield* Http.get(`${base}/get`, {
      params: { page: "1", access_token: "querysecret" },
      auth: Auth.bearer("bearersecret"),
      headers: { "x-api-key": "keysecret", cookie: "sid=cookiesecret" }
    }).pipe(Effect.flatMap((r) => r.json))
    const post = yield* Http.post(`${base}/post`, { json: { n: 1 } }).pipe(Effect.flatMap((r) => r.json))
    const redirected = yield* Http.get(`${base}/redirect/2`)
    const bytes = yield* Http.get(`${base}/bytes/16?seed=9`).pipe(Effect.flatMap((r) => r.bytes))
    const missing = yield* Http.get(`${base}/status/404`, { validateStatus: () => true })
    return { get, post, url: redirected.url, bytes: Array.from(bytes), missing: missing.status }
  })

it.live("records against the loopback server, then replays with the server stopped; secrets never reach the file", () =>
  Effect.gen(function* () {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cassette-")), "nested", "tape.json")
    const scope = yield* Scope.make()
    const server = yield* TestServer.make().pipe(inScope(scope))
    const recording = Cassette.layer(file, { mode: "auto", redact: ["x-api-key"] }).pipe(Layer.provide(Http.layer))
    const live = yield* exchanges(server.url).pipe(Effect.provide(recording))
    const hits = (yield* server.received).length
    yield* Scope.close(scope, Exit.void)

    const text = fs.readFileSync(file, "utf8")
    for (const secret of ["querysecret", "bearersecret", "keysecret", "cookiesecret"]) expect(text).not.toContain(secret)
    expect(text).toContain("<redacted>")
    expect(hits).toBe(7) // get, post, redirect + 2 hops, bytes, 404

    const replayed = yield* exchanges(server.url).pipe(
      Effect.provide(Cassette.layer(file, { mode: "replay", redact: ["x-api-key"] }).pipe(Layer.provide(Http.layer)))
    )
    // The /get echo held the secrets, so its replay carries <redacted> there.
    expect({ ...replayed, get: undefined }).toEqual({ ...live, get: undefined })
    expect(replayed.get).toMatchObject({ args: { page: "1", access_token: "<redacted>" } })
    expect(live.missing).toBe(404)
    expect(live.url).toBe(`${server.url}/get`)
  }))

it.live("replay fails clearly on a request that is not in the cassette", () =>
  Effect.gen(function* () {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cassette-")), "empty.json")
    fs.writeFileSync(file, JSON.stringify({ version: 1, interactions: [] }))
    const exit = yield* Http.get("http://127.0.0.1:9/unknown").pipe(
      Effect.provide(Cassette.layer(file, { mode: "replay" }).pipe(Layer.provide(Http.layer))),
      Effect.exit
    )
    if (Exit.isSuccess(exit)) return expect.fail("replay of an unknown request must fail")
    expect(Cause.pretty(exit.cause)).toContain("no recorded exchange for GET http://127.0.0.1:9/unknown")
  }))

it.live("recorded twice, the file is the same: no tracer means no trace headers, and a tracer's never reach the file", () =>
  Effect.gen(function* () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cassette-"))
    const server = yield* TestServer.make()
    const record = (file: string) =>
      Http.get(`${server.url}/headers`).pipe(
        Effect.flatMap((r) => r.json),
        Effect.provide(Cassette.layer(file, { mode: "record" }).pipe(Layer.provide(Http.layer)))
      )
    const first = yield* record(path.join(dir, "a.json"))
    yield* record(path.join(dir, "b.json"))
    const seen = (yield* server.received).map((r) => Object.keys(r.headers))
    for (const names of seen) {
      expect(names).not.toContain("traceparent")
      expect(names).not.toContain("b3")
    }
    expect(first).toMatchObject({ headers: {} })
    expect(fs.readFileSync(path.join(dir, "a.json"), "utf8")).toBe(fs.readFileSync(path.join(dir, "b.json"), "utf8"))
    // With a tracer the request carries traceparent; the file never does.
    const { tracer } = memoryTracer()
    yield* record(path.join(dir, "traced.json")).pipe(Effect.withTracer(tracer))
    expect(Object.keys((yield* server.received).at(-1)!.headers)).toContain("traceparent")
    const traced = fs.readFileSync(path.join(dir, "traced.json"), "utf8")
    expect(traced).not.toMatch(/traceparent|"b3"/)
  }).pipe(Effect.scoped))
