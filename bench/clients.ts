/**
 * The clients the benchmark compares, each behind one shape: a GET of the
 * JSON document, parsed. Every client runs `concurrency` workers, each
 * sending its next request when its last one is done: promise clients as
 * async loops, Effect clients as fibers on a runtime built once. One more
 * row drives effect-requests through `Effect.forEach`, which forks a fiber
 * per request: what that common pattern costs on top (bench/NOTES.md).
 */
import * as http from "node:http"
import { FetchHttpClient, HttpClient } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import axios from "axios"
import { Effect, Layer, ManagedRuntime } from "effect"
import got from "got"
import ky from "ky"
import { Agent, request } from "undici"
import { Http } from "effect-requests/v3"
import { NodeHttp } from "effect-requests/v3/node"
import { discardingTracer } from "./discardingTracer.js"
import { effectClients } from "./effectClients.mjs"

export interface Client {
  readonly name: string
  /** Sends `n` GETs of `url`, at most `concurrency` at a time, each body parsed. */
  readonly run: (url: string, n: number, concurrency: number) => Promise<void>
  readonly close: () => Promise<void>
}

/** The clients in the order of round `round`: each round starts with the next one, so that no client always follows the same one. */
export const inRoundOrder = <A>(clients: ReadonlyArray<A>, round: number): ReadonlyArray<A> => [
  ...clients.slice(round % clients.length),
  ...clients.slice(0, round % clients.length)
]

const loops = async (n: number, concurrency: number, one: () => Promise<unknown>) => {
  let next = 0
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, async () => {
    while (next++ < n) await one()
  }))
}

const promiseClient = (name: string, one: (url: string) => Promise<unknown>, close = async () => {}): Client => ({
  name,
  run: (url, n, concurrency) => loops(n, concurrency, () => one(url)),
  close
})

const { client: effectClient, forkPerRequest } = effectClients({ Effect, ManagedRuntime })

const platformGet = (url: string) => Effect.flatMap(HttpClient.get(url), (res) => res.json)
const oursGet = (url: string) => Effect.flatMap(Http.get(url), (res) => res.json)
// A session, and the same with one middleware that only passes the request on: what the feature costs.
const session = Http.make({})
const sessionGet = (url: string) => Effect.flatMap(session.get(url), (res) => res.json)
const passThrough = Http.make({ middleware: [(request, next) => next(request)] })
const passThroughGet = (url: string) => Effect.flatMap(passThrough.get(url), (res) => res.json)

export const makeClients = (): ReadonlyArray<Client> => {
  const undiciAgent = new Agent({ keepAliveTimeout: 30_000 })
  const nodeAgent = new http.Agent({ keepAlive: true, maxSockets: 256 })
  const nodeGet = (url: string) =>
    new Promise<unknown>((resolve, reject) => {
      http.get(url, { agent: nodeAgent }, (res) => {
        const chunks: Array<Buffer> = []
        res.on("data", (chunk: Buffer) => chunks.push(chunk))
        res.on("end", () => resolve(JSON.parse(Buffer.concat(chunks).toString("utf8"))))
        res.on("error", reject)
      }).on("error", reject)
    })
  return [
    promiseClient("undici.request (raw)", async (url) => (await request(url, { dispatcher: undiciAgent })).body.json(), () => undiciAgent.close()),
    promiseClient("fetch (global)", async (url) => (await fetch(url)).json()),
    promiseClient("node:http keep-alive", nodeGet, async () => nodeAgent.destroy()),
    promiseClient("axios", async (url) => (await axios.get(url, { httpAgent: nodeAgent })).data),
    promiseClient("got", (url) => got(url, { agent: { http: nodeAgent } }).json()),
    promiseClient("ky", (url) => ky.get(url).json()),
    effectClient("@effect/platform FetchHttpClient", FetchHttpClient.layer, platformGet),
    effectClient("@effect/platform NodeHttpClient.layerUndici", NodeHttpClient.layerUndici, platformGet),
    effectClient("effect-requests Http.layer (fetch)", Http.layer, oursGet),
    effectClient("effect-requests NodeHttp.layer", NodeHttp.layer, oursGet),
    effectClient("effect-requests NodeHttp.layer, via Effect.forEach", NodeHttp.layer, oursGet, forkPerRequest),
    effectClient("effect-requests NodeHttp.layer, a session", NodeHttp.layer, sessionGet),
    effectClient("effect-requests NodeHttp.layer, a session with a pass-through middleware", NodeHttp.layer, passThroughGet),
    // The platform HttpClient interface over a session, as a generated API client uses it.
    effectClient("effect-requests NodeHttp.layer, through session.httpClient", Http.layerFromSession({}).pipe(Layer.provide(NodeHttp.layer)), platformGet),
    // Installed once in the runtime, as an application's OpenTelemetry layer does.
    effectClient("effect-requests NodeHttp.layer, tracer installed", Layer.merge(NodeHttp.layer, Layer.setTracer(discardingTracer)), oursGet)
  ]
}

/**
 * The HTTP/2 pair: raw undici with `allowH2` and ours over NodeHttp with it,
 * both trusting the bench server's self-signed certificate (`ca`); each
 * multiplexes its requests over one connection.
 */
export const makeH2Clients = (ca: string): ReadonlyArray<Client> => {
  const agent = new Agent({ allowH2: true, connect: { ca }, keepAliveTimeout: 30_000 })
  return [
    promiseClient("undici.request (raw), HTTP/2", async (url) => (await request(url, { dispatcher: agent })).body.json(), () => agent.close()),
    effectClient("effect-requests NodeHttp.layer, HTTP/2", NodeHttp.layerWith({ allowH2: true, tls: { ca } }), oursGet)
  ]
}

