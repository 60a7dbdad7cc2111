import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Fiber, Logger, LogLevel, Metric, MetricLabel, Option, Tracer } from "effect"
import { Auth, Http, Retry } from "effect-requests"
import { NodeHttp } from "effect-requests/node"
import { MockHttp } from "effect-requests/testing"
import * as Metrics from "../src/internal/metrics.js"
import { httpServer, transports } from "./helpers.js"
import { TestClock, fork } from "#testline"

interface Recorded {
  readonly name: string
  readonly kind: Tracer.SpanKind
  readonly spanId: string
  readonly traceId: string
  readonly parentId: string | undefined
  readonly attributes: Map<string, unknown>
  ended: boolean
  failed: boolean
}

/** A tracer that keeps every span in memory. */
const memoryTracer = () => {
  const spans: Array<Recorded> = []
  let next = 0
  const tracer = Tracer.make({
    span(name, parent, context, links, startTime, kind) {
      const parentSpan = Option.getOrUndefined(parent)
      const record: Recorded = {
        name,
        kind,
        spanId: (++next).toString(16).padStart(16, "0"),
        traceId: parentSpan?.traceId ?? "0123456789abcdef0123456789abcdef",
        parentId: parentSpan?.spanId,
        attributes: new Map(),
        ended: false,
        failed: false
      }
      spans.push(record)
      const span: Tracer.Span = {
        _tag: "Span",
        name,
        spanId: record.spanId,
        traceId: record.traceId,
        parent,
        context,
        status: { _tag: "Started", startTime },
        attributes: record.attributes,
        links,
        sampled: true,
        kind,
        end: (_endTime, exit) => {
          record.ended = true
          record.failed = Exit.isFailure(exit)
        },
        attribute: (key, value) => void record.attributes.set(key, value),
        event: () => {},
        addLinks: () => {}
      }
      return span
    },
    context: (f) => f()
  })
  return { tracer, spans }
}

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
        const res = yield* api.get(`${url}/start?token=SECRET`, { auth: Auth.bearer("SECRET") }).pipe(
          Effect.provide(layer),
          Effect.withTracer(tracer)
        )
        expect(yield* res.text).toBe("done")
        const [parent, ...sends] = spans
        expect(parent).toMatchObject({ name: "http.request GET", kind: "internal", parentId: undefined, ended: true, failed: false })
        expect(parent!.attributes.get("http.response.status_code")).toBe(200)
        expect(sends.map((s) => s.name)).toEqual(Array(4).fill("http.client GET"))
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
      expect(spans.map((s) => s.name)).toEqual(["http.request GET", "http.client GET"])
    }))

  it.effect("a failed request ends its spans as failures, with error.type", () =>
    Effect.gen(function* () {
      const { spans, tracer } = memoryTracer()
      const err = yield* Http.get("https://api.test/missing", { retry: Retry.none }).pipe(Effect.withTracer(tracer), Effect.flip)
      expect(err._tag).toBe("StatusError")
      expect(spans.map((s) => [s.name, s.failed, s.attributes.get("error.type") ?? s.attributes.get("http.response.status_code")])).toEqual([
        ["http.request GET", true, "StatusError"],
        ["http.client GET", false, 404]
      ])
    }).pipe(Effect.provide(MockHttp.layer([MockHttp.get("/missing", MockHttp.status(404))]))))

  it.effect("a request inside a span of the caller's is that span's child, its sends the request's", () =>
    Effect.gen(function* () {
      const { spans, tracer } = memoryTracer()
      yield* Http.get("https://api.test/ok").pipe(Effect.withSpan("checkout"), Effect.withTracer(tracer))
      const [outer, request, send] = spans
      expect(spans.map((s) => s.name)).toEqual(["checkout", "http.request GET", "http.client GET"])
      expect(request!.parentId).toBe(outer!.spanId)
      expect(send!.parentId).toBe(request!.spanId)
      expect(spans.every((s) => s.ended && s.traceId === outer!.traceId)).toBe(true)
    }).pipe(Effect.provide(MockHttp.layer([MockHttp.get("/ok", MockHttp.json({ ok: true }))]))))
})

const value = (metric: Metric.Metric.Counter<number>, labels: Record<string, string>) =>
  Metric.value(Metric.taggedWithLabels(metric, Object.entries(labels).map(([k, v]) => MetricLabel.make(k, v)))).pipe(
    Effect.map((state) => state.count)
  )

describe("metrics", () => {
  it.effect("after a scripted sequence the counters, histogram and breaker gauge read what happened", () =>
    Effect.gen(function* () {
      // Metrics are global: compare before and after, with a method no other test uses.
      const method = "REPORT"
      const labels = (status_class: string) => ({ method, status_class })
      const read = Effect.all({
        ok: value(Metrics.requests.metric, labels("2xx")),
        server: value(Metrics.requests.metric, labels("5xx")),
        client: value(Metrics.requests.metric, labels("4xx")),
        failed: value(Metrics.requests.metric, labels("error")),
        retries: value(Metrics.retries.metric, { method }),
        received: value(Metrics.bytesReceived.metric, { method }),
        sent: value(Metrics.bytesSent.metric, { method }),
        timed: Metric.value(Metric.taggedWithLabels(Metrics.duration.metric, [MetricLabel.make("method", method)])).pipe(Effect.map((h) => h.count))
      })
      const before = yield* read
      const api = Http.make({ retry: Retry.policy({ methods: [method], base: "10 millis", jitter: false }), circuitBreaker: { failureThreshold: 3, resetAfter: "1 minute" } })
      const fiber = yield* fork(Effect.gen(function* () {
        const ok = yield* api.request(method, "https://metrics.test/ok", { body: "12345" })
        expect(yield* ok.text).toBe("hello")
        yield* api.request(method, "https://metrics.test/missing").pipe(Effect.flip)
        yield* api.request(method, "https://metrics.test/flaky")
        yield* api.request(method, "https://metrics.test/down").pipe(Effect.flip)
      }))
      yield* TestClock.adjust("1 second")
      yield* Fiber.join(fiber)
      const after = yield* read
      expect({
        ok: after.ok - before.ok,
        server: after.server - before.server,
        client: after.client - before.client,
        failed: after.failed - before.failed,
        retries: after.retries - before.retries,
        received: after.received - before.received,
        sent: after.sent - before.sent,
        timed: after.timed - before.timed
      }).toEqual({ ok: 2, server: 2, client: 1, failed: 3, retries: 4, received: 5, sent: 5, timed: 8 })
      // Three connection errors in a row to that origin opened its breaker.
      const gauge = yield* Metric.value(Metric.taggedWithLabels(Metrics.circuitState.metric, [MetricLabel.make("origin", "https://metrics.test")]))
      expect(gauge.value).toBe(2)
    }).pipe(Effect.provide(MockHttp.layer([
      MockHttp.any("/ok", MockHttp.text("hello")),
      MockHttp.any("/missing", MockHttp.status(404)),
      MockHttp.any("/flaky", MockHttp.sequence([MockHttp.status(503), MockHttp.status(503), MockHttp.status(200)])),
      MockHttp.any("/down", MockHttp.connectionError({ code: "ECONNRESET" }))
    ]))))
})

describe("logging", () => {
  it.effect("log: \"all\" logs each send with method, status, attempt and duration, and never a secret", () =>
    Effect.gen(function* () {
      const lines: Array<{ level: string; message: string; annotations: Record<string, unknown> }> = []
      const capture = Logger.make(({ logLevel, message, annotations }) => {
        lines.push({ level: logLevel.label, message: String(message), annotations: Object.fromEntries(annotations) })
      })
      const api = Http.make({ log: "all", retry: Retry.policy({ base: "1 millis", jitter: false }), headers: { cookie: "sid=SECRET-COOKIE" } })
      const fiber = yield* api.get("https://user:SECRET-PASSWORD@logs.test/flaky?api_key=SECRET-KEY", { auth: Auth.bearer("SECRET-TOKEN") }).pipe(
        Effect.provide(Logger.replace(Logger.defaultLogger, capture)),
        Logger.withMinimumLogLevel(LogLevel.Debug),
        fork
      )
      yield* TestClock.adjust("1 second")
      yield* Fiber.join(fiber)
      expect(lines.map((l) => [l.level, l.annotations["http.status"], l.annotations["http.attempt"]])).toEqual([
        ["WARN", 503, 1],
        ["DEBUG", 200, 2]
      ])
      // Userinfo became Basic auth, so it is not in the URL at all.
      expect(lines[0]!.message).toBe("GET https://logs.test/flaky?api_key=<redacted> → 503 (0 ms, attempt 1)")
      expect(lines[1]!.annotations).toMatchObject({ "http.method": "GET", "http.duration_ms": 0, "http.url": "https://logs.test/flaky?api_key=<redacted>" })
      expect(JSON.stringify(lines)).not.toMatch(/SECRET/)
    }).pipe(Effect.provide(MockHttp.layer([
      MockHttp.get("/flaky", MockHttp.sequence([MockHttp.status(503), MockHttp.text("ok")]))
    ]))))

  it.effect("log: \"errors\" logs only failures; the default logs nothing", () =>
    Effect.gen(function* () {
      const lines: Array<string> = []
      const capture = Logger.make(({ message }) => void lines.push(String(message)))
      const quiet = Effect.provide(Logger.replace(Logger.defaultLogger, capture))
      yield* Http.make({ log: "errors" }).get("https://logs.test/ok").pipe(quiet, Logger.withMinimumLogLevel(LogLevel.Debug))
      yield* Http.make({ log: "errors", retry: Retry.none }).get("https://logs.test/gone").pipe(Effect.flip, quiet)
      yield* Http.get("https://logs.test/gone", { retry: Retry.none }).pipe(Effect.flip, quiet)
      expect(lines).toEqual(["GET https://logs.test/gone → 410 (0 ms, attempt 1)"])
    }).pipe(Effect.provide(MockHttp.layer([
      MockHttp.get("/ok", MockHttp.status(204)),
      MockHttp.get("/gone", MockHttp.status(410))
    ]))))
})
