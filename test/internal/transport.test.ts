import type * as http from "node:http"
import * as HttpClient from "#line/http/HttpClient"
import * as HttpClientRequest from "#line/http/HttpClientRequest"
import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Fiber, Layer, Stream } from "effect"
import { Http, Retry } from "effect-requests"
import { NodeHttp } from "effect-requests/node"
import { MockHttp } from "effect-requests/testing"
import { httpServer, transports } from "../helpers.js"
import { TestClock, fold, fork, timeoutFail, toEither } from "#testline"
import * as Effects from "#line/effect"

/**
 * One server behaviour, played by MockHttp in virtual time and by a
 * loopback server in real time: headers after `headers` ms (or never),
 * then "la", then "te" after `body` ms more (or never).
 */
interface Scenario {
  readonly name: string
  readonly timeout: Duration.DurationInput
  readonly headers: number | "never"
  readonly body: number | "never"
  readonly expected: { readonly _tag: "TimeoutError"; readonly phase: "headers" | "body" } | { readonly text: string }
}

const scenarios: ReadonlyArray<Scenario> = [
  { name: "a stall before the headers", timeout: "300 millis", headers: "never", body: 0, expected: { _tag: "TimeoutError", phase: "headers" } },
  { name: "a stall in the body", timeout: "300 millis", headers: 0, body: "never", expected: { _tag: "TimeoutError", phase: "body" } },
  { name: "headers in time, the body too late", timeout: "1 second", headers: 100, body: 1500, expected: { _tag: "TimeoutError", phase: "body" } },
  { name: "no timeout", timeout: Duration.infinity, headers: 400, body: 100, expected: { text: "late" } },
  { name: "a timeout longer than the response", timeout: "5 seconds", headers: 100, body: 100, expected: { text: "late" } }
]

const outcome = (scenario: Scenario, url: string) =>
  Http.get(url, { timeout: scenario.timeout, retry: Retry.none }).pipe(
    Effect.flatMap((res) => res.text),
    toEither,
    Effect.map((outcome) => {
      if (outcome._tag === "Right") return { text: outcome.right }
      const error = outcome.left
      return error._tag === "TimeoutError" ? { _tag: error._tag, phase: error.phase } : { _tag: error._tag }
    })
  )

const mockOf = (scenario: Scenario) => {
  const rest = scenario.body === "never" ? Stream.never : Stream.fromEffect(Effect.as(Effect.sleep(scenario.body), "te"))
  const body = MockHttp.stream(Stream.concat(Stream.succeed("la"), rest).pipe(Stream.encodeText), { headers: { "content-type": "text/plain" } })
  return MockHttp.layer([MockHttp.get("/", scenario.headers === "never" ? MockHttp.timeout() : MockHttp.delay(scenario.headers, body))])
}

const serverOf = (scenario: Scenario): http.RequestListener => (_req, res) => {
  if (scenario.headers === "never") return
  setTimeout(() => {
    res.writeHead(200, { "content-type": "text/plain", "content-length": "4" })
    res.write("la")
    if (scenario.body !== "never") setTimeout(() => res.end("te"), scenario.body)
  }, scenario.headers)
}

describe("one deadline, the same on every transport", () => {
  for (const scenario of scenarios) {
    it.effect(`${scenario.name} [MockHttp, virtual time]`, () =>
      Effect.gen(function* () {
        const fiber = yield* outcome(scenario, "https://api.test/").pipe(Effect.provide(mockOf(scenario)), fork)
        // In steps: each one lets the request reach its next sleep.
        for (let step = 0; step < 100; step++) yield* TestClock.adjust("100 millis")
        expect(yield* Fiber.join(fiber)).toEqual(scenario.expected)
      }))

    for (const [name, transport] of transports) {
      it.scopedLive(`${scenario.name} [${name}]`, () =>
        Effect.gen(function* () {
          const { url } = yield* httpServer(serverOf(scenario))
          expect(yield* outcome(scenario, `${url}/`).pipe(Effect.provide(transport))).toEqual(scenario.expected)
        }))
    }
  }
})

describe("a client the user wraps", () => {
  // The wrapped client is used (its header arrives) with the generic timeout.
  const stalled = Effect.gen(function* () {
    const seen: Array<string | undefined> = []
    const { url } = yield* httpServer((req) => void seen.push(req.headers["x-wrapped"] as string | undefined))
    return { url, seen }
  })
  const wrap = HttpClient.mapRequest(HttpClientRequest.setHeader("x-wrapped", "yes"))

  it.scopedLive("HttpClient.mapRequest over NodeHttp.layer: a stalled server is a TimeoutError, through the wrapped client", () =>
    Effect.gen(function* () {
      const { seen, url } = yield* stalled
      const wrapped = Layer.effect(HttpClient.HttpClient, Effect.map(Effects.service(HttpClient.HttpClient), wrap)).pipe(Layer.provide(NodeHttp.layer))
      const error = yield* Http.get(`${url}/`, { timeout: "200 millis", retry: Retry.none }).pipe(Effect.provide(wrapped), Effect.flip)
      expect(error).toMatchObject({ _tag: "TimeoutError", phase: "headers" })
      expect(seen).toEqual(["yes"])
    }))

  it.scopedLive("a client replaced in the context of NodeHttp.layer is the one used, with the generic timeout", () =>
    Effect.gen(function* () {
      const { seen, url } = yield* stalled
      const error = yield* Http.get(`${url}/`, { timeout: "200 millis", retry: Retry.none }).pipe(
        Effect.updateService(HttpClient.HttpClient, wrap),
        Effect.provide(NodeHttp.layer),
        Effect.flip
      )
      expect(error).toMatchObject({ _tag: "TimeoutError", phase: "headers" })
      expect(seen).toEqual(["yes"])
    }))

  it.effect("a proxied session over a wrapped client is refused: the wrapped client cannot route it", () =>
    Effect.gen(function* () {
      const session = Http.make({ proxy: "http://127.0.0.1:9/" })
      const error = yield* session.get("https://api.test/").pipe(
        Effect.updateService(HttpClient.HttpClient, wrap),
        Effect.provide(MockHttp.layer([MockHttp.get("/", MockHttp.text("ok"))])),
        Effect.flip
      )
      expect(error).toMatchObject({ _tag: "InvalidRequest" })
      expect(error.message).toContain("cannot use a proxy")
    }))
})

describe("a body read as a stream, at any declared size", () => {
  // res.stream is "as it arrives, not bounded by the timeout": a small body
  // that has not come with its headers is not held back for it (nor timed).
  for (const [name, transport] of transports) {
    it.scopedLive(`2048 bytes declared, one byte every 5 ms, under a 1 s timeout: every byte reaches the stream [${name}]`, () =>
      Effect.gen(function* () {
        const { url } = yield* httpServer((_req, res) => {
          res.writeHead(200, { "content-type": "application/octet-stream", "content-length": "2048" })
          let sent = 0
          const drip = setInterval(() => {
            // Four bytes at a time: the body takes about 2.5 s, past the timeout.
            res.write("abcd")
            sent += 4
            if (sent >= 2048) {
              clearInterval(drip)
              res.end()
            }
          }, 5)
          res.on("close", () => clearInterval(drip))
        })
        const res = yield* Http.get(`${url}/`, { timeout: "1 second", retry: Retry.none })
        let first = 0
        const counted = res.stream.pipe(Stream.tap((chunk) =>
          Effect.sync(() => {
            if (first === 0) first = chunk.length
          })
        ))
        const total = yield* fold(counted, 0, (n, chunk) => n + chunk.length).pipe(
          timeoutFail({ duration: "20 seconds", onTimeout: () => new Error("stream stalled") })
        )
        expect(total).toBe(2048)
        expect(first).toBeLessThan(2048)
      }).pipe(Effect.provide(transport)))
  }
})
