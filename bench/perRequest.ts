/**
 * `npm run bench:per-request`: what one request costs the library itself,
 * in numbers that do not swing with the machine: fiber steps (Effect ops)
 * and bytes allocated per `GET` + `.json`, over an in-memory transport that
 * answers at once (so undici's own work is left out). Throughput on a shared
 * 2-core machine moves by a third between runs; these move only when the
 * code does, so each change can be judged on its own.
 */
import { Session } from "node:inspector/promises"
import { HttpClient } from "@effect/platform"
import { Effect, Exit, Layer, ManagedRuntime, RuntimeFlags, RuntimeFlagsPatch, Supervisor } from "effect"
import { Http } from "../src/index.js"
import { NodeResponse } from "../src/internal/node/response.js"
import * as Transport from "../src/internal/transport.js"
import { discardingTracer } from "./discardingTracer.js"

const body = Buffer.from(JSON.stringify({ items: [{ id: 1, description: "x".repeat(700) }], total: 1 }))
const headers = { "content-type": "application/json", "content-length": String(body.length) }
const source = { pause() {}, resume() {}, abort() {}, settle() {}, aborted: () => undefined }

/** Our Node transport's response, complete, on the next turn of the event loop: no socket. */
const inMemory = Transport.make((request) =>
  Effect.async((resume) => {
    setImmediate(() => {
      const response = new NodeResponse(request, 200, headers, source, false, "1.1")
      response.push(body)
      response.end()
      resume(Exit.succeed(response))
    })
  }), { routesProxies: true, reportsUpload: false, sendsHost: true, clock: "effect" })

class OpCounter extends Supervisor.AbstractSupervisor<number> {
  count = 0
  get value() {
    return Effect.sync(() => this.count)
  }
  override onEffect() {
    this.count++
  }
}

const url = "http://127.0.0.1:1/json"
const session = Http.make({})
const passThrough = Http.make({ middleware: [(request, next) => next(request)] })
const cases: ReadonlyArray<readonly [string, Effect.Effect<unknown, unknown, HttpClient.HttpClient>]> = [
  ["baseline: Effect.succeed", Effect.succeed(1)],
  ["platform HttpClient.get + json", Effect.flatMap(HttpClient.get(url), (res) => res.json)],
  ["Http.get + json", Effect.flatMap(Http.get(url), (res) => res.json)],
  ["Http.make({}).get + json", Effect.flatMap(session.get(url), (res) => res.json)],
  ["the same, a pass-through middleware", Effect.flatMap(passThrough.get(url), (res) => res.json)],
  // The platform interface over the session, as a generated API client calls it.
  ["session.httpClient.get + json", Effect.flatMap(session.httpClient.get(url), (res) => res.json)],
  ["Http.get + json, a tracer installed", Effect.flatMap(Http.get(url), (res) => res.json)]
]

// An application installs its tracer once, in its runtime's layer (as the
// OpenTelemetry layer does), not around each request: Effect.withTracer
// alone costs a request 25 steps and 11 KB.
const traced = new Set(["Http.get + json, a tracer installed"])

const opsOf = async (runtime: ManagedRuntime.ManagedRuntime<HttpClient.HttpClient, never>, one: Effect.Effect<unknown, unknown, HttpClient.HttpClient>) => {
  const counter = new OpCounter()
  await runtime.runPromise(
    one.pipe(Effect.supervised(counter), Effect.withRuntimeFlagsPatch(RuntimeFlagsPatch.enable(RuntimeFlags.OpSupervision)))
  )
  return counter.count
}

const bytesOf = async (runtime: ManagedRuntime.ManagedRuntime<HttpClient.HttpClient, never>, one: Effect.Effect<unknown, unknown, HttpClient.HttpClient>) => {
  const n = 20_000
  const many = Effect.forEach(Array.from({ length: n }), () => one, { concurrency: 64, discard: true })
  await runtime.runPromise(many) // warm up
  const inspector = new Session()
  inspector.connect()
  await inspector.post("HeapProfiler.startSampling", {
    samplingInterval: 256,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true
  })
  await runtime.runPromise(many)
  const { profile } = await inspector.post("HeapProfiler.stopSampling")
  inspector.disconnect()
  type Node = { readonly selfSize: number; readonly children: ReadonlyArray<Node> }
  const total = (node: Node): number => node.selfSize + node.children.reduce((sum, child) => sum + total(child), 0)
  return total(profile.head as unknown as Node) / n
}

const main = async () => {
  const layer = Transport.layer(Effect.succeed(inMemory))
  const runtime = ManagedRuntime.make(layer)
  const tracedRuntime = ManagedRuntime.make(Layer.merge(layer, Layer.setTracer(discardingTracer)))
  console.log("| request | fiber ops | bytes allocated (sampled) |")
  console.log("|---|---|---|")
  for (const [name, one] of cases) {
    const on = traced.has(name) ? tracedRuntime : runtime
    console.log(`| ${name} | ${await opsOf(on, one)} | ${Math.round(await bytesOf(on, one))} |`)
  }
  await runtime.dispose()
  await tracedRuntime.dispose()
}

main().then(() => process.exit(0), (error) => {
  console.error(error)
  process.exit(1)
})
