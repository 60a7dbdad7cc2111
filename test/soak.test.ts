import * as http from "node:http"
import type { AddressInfo } from "node:net"
import { expect, it } from "@effect/vitest"
import { Cause, Effect, Exit } from "effect"
import { Http, HttpError, Retry } from "effect-requests"
import { transports } from "./helpers.js"
import * as Effects from "#line/effect"

const REQUESTS = 10_000
const CONCURRENCY = 64

type Behaviour = "ok" | "reset" | "stall" | "unavailable" | "truncated" | "garbage"

// Deterministic chaos: the same sequence of faults on every run.
const behaviours = (seed: number) => {
  let state = seed >>> 0
  return (): Behaviour => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    const roll = state / 2 ** 32
    if (roll < 0.60) return "ok"
    if (roll < 0.70) return "reset"
    if (roll < 0.72) return "stall"
    if (roll < 0.84) return "unavailable"
    if (roll < 0.92) return "truncated"
    return "garbage"
  }
}

const chaosServer = () =>
  new Promise<{ url: string; close: () => Promise<void> }>((resolve) => {
    const next = behaviours(42)
    const server = http.createServer((req, res) => {
      switch (next()) {
        case "ok":
          return res.end(JSON.stringify({ ok: true, path: req.url }))
        case "reset":
          return req.socket.destroy()
        case "stall":
          return // never answers; the client's timeout has to end it
        case "unavailable":
          res.writeHead(503, { "retry-after": "0" })
          return res.end("busy")
        case "truncated":
          res.writeHead(200, { "content-length": "100", "content-type": "application/json" })
          res.write("{\"cut\": ")
          return setImmediate(() => req.socket.destroy())
        case "garbage":
          return req.socket.end("HTTP/1.1 ???\r\nthis is not http\r\n\r\n")
      }
    })
    // Idle keep-alive sockets go quickly, so the count of open sockets can
    // come back to where it started soon after the run.
    server.keepAliveTimeout = 200
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done())
            server.closeAllConnections()
          })
      })
    })
  })

const openSockets = () => process.getActiveResourcesInfo().filter((kind) => kind === "TCPSocketWrap").length

const settleSockets = (baseline: number) =>
  Effect.gen(function* () {
    for (let i = 0; i < 100 && openSockets() > baseline; i++) yield* Effect.sleep("100 millis")
    return openSockets()
  })

for (const [name, transport] of transports) {
it.live(`soak: ${REQUESTS} GETs at concurrency ${CONCURRENCY} against resets, stalls, 503s, cut bodies and garbage [${name}]`, () =>
  Effect.gen(function* () {
    const unhandled: Array<unknown> = []
    const onUnhandled = (reason: unknown) => unhandled.push(reason)
    process.on("unhandledRejection", onUnhandled)
    const server = yield* Effect.promise(chaosServer)
    const before = openSockets()
    const started = Date.now()
    const api = Http.make({
      baseUrl: `${server.url}/`,
      timeout: "1 second",
      retry: Retry.policy({ times: 2, base: "5 millis", maxDelay: "50 millis" }),
      retryBudget: false
    })
    const exits = yield* Effect.forEach(
      Array.from({ length: REQUESTS }, (_, i) => i),
      (i) => Effect.exit(Effect.flatMap(api.get(`item/${i}`), (res) => res.json)),
      { concurrency: CONCURRENCY }
    ).pipe(Effect.provide(transport))
    const ran = Date.now() - started
    yield* Effect.promise(server.close)
    const after = yield* settleSockets(before)
    process.off("unhandledRejection", onUnhandled)

    const tally: Record<string, number> = {}
    const defects: Array<string> = []
    for (const exit of exits) {
      if (Exit.isSuccess(exit)) {
        tally.success = (tally.success ?? 0) + 1
        continue
      }
      const failure = Effects.failureOption(exit.cause)
      if (failure._tag === "Some" && HttpError.isHttpError(failure.value)) {
        tally[failure.value._tag] = (tally[failure.value._tag] ?? 0) + 1
      } else {
        defects.push(Cause.pretty(exit.cause))
      }
    }
    console.info(`soak [${name}]: ${REQUESTS} requests, ${JSON.stringify(tally)}, sockets before ${before}, after ${after}, ran ${ran} ms`)
    expect(defects).toEqual([])
    expect(unhandled).toEqual([])
    expect(Object.values(tally).reduce((a, b) => a + b, 0)).toBe(REQUESTS)
    expect(tally.success).toBeGreaterThan(REQUESTS / 2)
    expect(after).toBeLessThanOrEqual(before)
  }), { timeout: 120_000 })
}
