/**
 * Spans, shared by both Effect lines: the request's span and one client span
 * per send, with the OpenTelemetry HTTP attributes, and W3C propagation.
 * The in-memory tracer is the test seam's (`#testline`): the two majors'
 * Tracer interfaces differ.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effects from "#line/effect"
import * as HttpClient from "#line/http/HttpClient"
import { Effect, Fiber, Layer } from "effect"
import { Auth, Http, Retry } from "effect-requests"
import { NodeHttp } from "effect-requests/node"
import { MockHttp } from "effect-requests/testing"
import { httpServer, transports } from "./helpers.js"
import { clientSpanName, fork, memoryTracer } from "#testline"

/** 503, 503, then a 302 to /end, which answers 200: two retries and one redirect. */
const flakyThenRedirect = Effect.gen(function* () {
  let calls = 0
  const traceparents: Array<string | undefined> = []
  const server = yield* httpServer((req, res) => {
    traceparents.push(req.headers.traceparent as string | undefined)
    if (req.url?.startsWith("/end")) return void res.writeHead(200, { "content-type": "text/plain" }).end("done")
    calls++
    if (calls <= 2) return void res.writeHead(503).end()
    res.writeHead(302, { location: "/end" }).end()
  })
  return { url: server.url, traceparents }
})

const fast = Retry.policy({ base: "1 millis", jitter: false })

describe("tracing", () => {
  for (const [transport, layer] of transports) {
    it.scopedLive(`a request with 2 retries and 1 redirect is one parent span with 4 client spans [${transport}]`, () =>
      Effect.gen(function* () {
        const { url, traceparents } = yield* flakyThenRedirect
        const { spans, tracer } = memoryTracer()
        const api = Http.make({ retry: fast })
        // The body is read while the transport's layer is still provided.
        const text = yield* api.get(`${url}/start?token=SECRET`, { auth: Auth.bearer("SECRET") }).pipe(
          Effect.flatMap((res) => res.text),
          Effect.provide(layer),
          Effect.withTracer(tracer)
        )
        expect(text).toBe("done")
        const [parent, ...sends] = spans
        expect(parent).toMatchObject({ name: "http.request GET", kind: "internal", parentId: undefined, ended: true, failed: false })
        expect(parent!.attributes.get("http.response.status_code")).toBe(200)
        expect(sends.map((s) => s.name)).toEqual(Array(4).fill(clientSpanName("GET")))
        expect(sends.every((s) => s.kind === "client" && s.parentId === parent!.spanId && s.ended)).toBe(true)
        expect(sends.map((s) => s.attributes.get("http.resend_count"))).toEqual([undefined, 1, 2, 3])
        expect(sends.map((s) => s.attributes.get("http.response.status_code"))).toEqual([503, 503, 302, 200])
        const port = Number(new URL(url).port)
        expect(Object.fromEntries(sends[0]!.attributes)).toMatchObject({
          "http.request.method": "GET",
          "url.full": `${url}/start?token=<redacted>`,
          "url.scheme": "http",
          "url.path": "/start",
          "server.address": "127.0.0.1",
          "server.port": port
        })
        expect(sends[3]!.attributes.get("url.full")).toBe(`${url}/end`)
        // Each send carried its own span as W3C traceparent.
        expect(traceparents).toEqual(sends.map((s) => `00-${s.traceId}-${s.spanId}-01`))
      }))
  }

  it.scopedLive("no tracer installed: no span and no traceparent; tracePropagation: false sends none either", () =>
    Effect.gen(function* () {
      const { url, traceparents } = yield* flakyThenRedirect
      yield* Http.make({ retry: fast }).get(`${url}/start`).pipe(Effect.provide(NodeHttp.layer))
      expect(traceparents).toEqual([undefined, undefined, undefined, undefined])
      const { spans, tracer } = memoryTracer()
      yield* Http.make({ tracePropagation: false }).get(`${url}/end`).pipe(Effect.provide(NodeHttp.layer), Effect.withTracer(tracer))
      expect(traceparents.at(-1)).toBeUndefined()
      expect(spans.map((s) => s.name)).toEqual(["http.request GET", clientSpanName("GET")])
    }))

  it.scopedLive("no tracer installed: no trace header on any layer, a client the user wrapped and MockHttp included", () =>
    Effect.gen(function* () {
      const seen: Array<Array<string>> = []
      const { url } = yield* httpServer((req, res) => {
        seen.push(Object.keys(req.headers))
        res.end("ok")
      })
      // A platform client made with HttpClient.make (as platform layers and Cassette are): it opens spans of its own.
      const wrapped = Layer.effect(
        HttpClient.HttpClient,
        Effect.map(Effects.service(HttpClient.HttpClient), (inner) => HttpClient.make((request) => inner.execute(request)))
      ).pipe(Layer.provide(NodeHttp.layer))
      for (const layer of [Http.layer, NodeHttp.layer, wrapped]) yield* Http.get(`${url}/`).pipe(Effect.provide(layer))
      expect(seen).toHaveLength(3)
      for (const names of seen) expect(names.filter((name) => name === "traceparent" || name.startsWith("b3") || name.startsWith("x-b3"))).toEqual([])
      const calls = yield* Effect.gen(function* () {
        yield* Http.get("https://api.test/")
        return yield* MockHttp.calls
      }).pipe(Effect.provide(MockHttp.layer([MockHttp.get("/", MockHttp.text("ok"))])))
      expect(Object.keys(calls[0]!.headers).filter((name) => name === "traceparent" || name === "b3")).toEqual([])
    }))

  for (const [transport, layer] of transports) {
    it.scopedLive(`an interrupted request ends its span and its send's span [${transport}]`, () =>
      Effect.gen(function* () {
        const { spans, tracer } = memoryTracer()
        let arrived = false
        const server = yield* httpServer(() => {
          arrived = true // and never answers
        })
        const fiber = yield* fork(Http.get(`${server.url}/hang`, { retry: Retry.none }).pipe(Effect.withTracer(tracer), Effect.provide(layer)))
        for (let i = 0; i < 500 && !arrived; i++) yield* Effect.sleep("10 millis")
        expect(arrived).toBe(true)
        yield* Fiber.interrupt(fiber)
        expect(spans.map((s) => [s.name, s.ended])).toEqual([["http.request GET", true], [clientSpanName("GET"), true]])
      }))
  }

  it.effect("the caller's span annotations (Effect.annotateSpans) are on the request's span and its send's", () =>
    Effect.gen(function* () {
      const { spans, tracer } = memoryTracer()
      yield* Http.get("https://api.test/ok").pipe(Effect.annotateSpans("tenant", "acme"), Effect.withTracer(tracer))
      expect(spans.map((s) => [s.name, s.attributes.get("tenant")])).toEqual([
        ["http.request GET", "acme"],
        [clientSpanName("GET"), "acme"]
      ])
    }).pipe(Effect.provide(MockHttp.layer([MockHttp.get("/ok", MockHttp.json({ ok: true }))]))))

  it.effect("a failed request ends its spans as failures, with error.type", () =>
    Effect.gen(function* () {
      const { spans, tracer } = memoryTracer()
      const err = yield* Http.get("https://api.test/missing", { retry: Retry.none }).pipe(Effect.withTracer(tracer), Effect.flip)
      expect(err._tag).toBe("StatusError")
      expect(spans.map((s) => [s.name, s.failed, s.attributes.get("error.type") ?? s.attributes.get("http.response.status_code")])).toEqual([
        ["http.request GET", true, "StatusError"],
        [clientSpanName("GET"), false, 404]
      ])
    }).pipe(Effect.provide(MockHttp.layer([MockHttp.get("/missing", MockHttp.status(404))]))))

  it.effect("a request inside a span of the caller's is that span's child, its sends the request's", () =>
    Effect.gen(function* () {
      const { spans, tracer } = memoryTracer()
      yield* Http.get("https://api.test/ok").pipe(Effect.withSpan("checkout"), Effect.withTracer(tracer))
      const [outer, request, send] = spans
      expect(spans.map((s) => s.name)).toEqual(["checkout", "http.request GET", clientSpanName("GET")])
      expect(request!.parentId).toBe(outer!.spanId)
      expect(send!.parentId).toBe(request!.spanId)
      expect(spans.every((s) => s.ended && s.traceId === outer!.traceId)).toBe(true)
    }).pipe(Effect.provide(MockHttp.layer([MockHttp.get("/ok", MockHttp.json({ ok: true }))]))))
})
