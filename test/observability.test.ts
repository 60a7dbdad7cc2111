import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, Logger, LogLevel, Metric, MetricLabel } from "effect"
import { Auth, Http, Retry } from "effect-requests"
import { MockHttp } from "effect-requests/testing"
import * as Metrics from "../src/internal/metrics.js"
import { TestClock, fork } from "#testline"

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
