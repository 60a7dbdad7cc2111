/**
 * `npm run bench`: a loopback server in its own process, every client
 * measured in this one, interleaved over rounds, medians reported as
 * requests per second and as a ratio to raw undici.request; then the
 * Effect rows the goals name, each alone in a process (bench/alone.ts). Writes
 * bench/results.json (or BENCH_RESULTS). BENCH_SMOKE=1 runs one tiny round
 * (for the test that keeps the harness working).
 */
import { spawn } from "node:child_process"
import { writeFileSync } from "node:fs"
import { Readable } from "node:stream"
import { Agent, request } from "undici"
import { Effect, Stream } from "effect"
import { Http } from "effect-requests/v3"
import { NodeHttp } from "effect-requests/v3/node"
import selfsigned from "selfsigned"
import { type Client, inRoundOrder, makeClients, makeH2Clients } from "./clients.js"

const smoke = process.env.BENCH_SMOKE === "1"
// Five rounds: on a shared 2-core machine three rounds' median still swung
// by a third between runs. Sizes keep the whole run near 2.5 min, and under
// 5 when the machine is in one of its slow phases (4.5 min was seen with
// rounds of 10,000).
const rounds = smoke ? 1 : 5
const streamRounds = smoke ? 1 : 5
const sizes = smoke
  ? { sequential: 20, concurrent: 100, warmUp: 50, download: 8 * 1024 * 1024, upload: 4 * 1024 * 1024 }
  : { sequential: 1000, concurrent: 6000, warmUp: 1000, download: 1024 * 1024 * 1024, upload: 100 * 1024 * 1024 }

interface Result {
  readonly client: string
  readonly scenario:
    | "sequential"
    | "concurrent-64"
    | "alone-sequential"
    | "alone-concurrent-64"
    | "h2-concurrent-64"
    | "download-1GiB"
    | "upload-100MiB"
  readonly opsPerSec: number
  readonly rssMiB: number
}

/** The bench server, with its HTTP/2 TLS server on a second port (trusting `tls.cert`). */
const startServer = (tls: { readonly key: string; readonly cert: string }) =>
  new Promise<{ port: number; h2Port: number; stop: () => void }>((resolve, reject) => {
    const child = spawn(process.execPath, [new URL("./server.mjs", import.meta.url).pathname], {
      stdio: ["pipe", "pipe", "inherit"],
      env: { ...process.env, BENCH_TLS_KEY: tls.key, BENCH_TLS_CERT: tls.cert }
    })
    child.once("error", reject)
    child.stdout.once("data", (data: Buffer) => {
      const [port, h2Port] = data.toString().trim().split(" ").map(Number)
      resolve({ port: port!, h2Port: h2Port!, stop: () => child.kill() })
    })
  })

const median = (values: ReadonlyArray<number>) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const RAW = "undici.request (raw)"
const FETCH = "fetch (global)"

/**
 * The clients measured once more alone in a process of their own with the
 * two raw references (bench/alone.ts): ours over each transport, traced and
 * not, and the platform's FetchHttpClient, whose rows the issue's goals name.
 */
const ALONE = [
  "effect-requests NodeHttp.layer",
  "effect-requests NodeHttp.layer, tracer installed",
  "effect-requests Http.layer (fetch)",
  "@effect/platform FetchHttpClient"
] as const
type Samples = Record<string, Record<"sequential" | "concurrent-64", Array<number>>>

/** Runs bench/alone.ts for `client` in a process of its own and gives its samples and the references'. */
const alone = (url: string, client: string) =>
  new Promise<Samples>((resolve, reject) => {
    const args = [url, client, rounds, sizes.sequential, sizes.concurrent, sizes.warmUp].map(String)
    const child = spawn(process.execPath, [...process.execArgv, new URL("./alone.ts", import.meta.url).pathname, ...args], {
      stdio: ["ignore", "pipe", "inherit"]
    })
    let out = ""
    child.stdout.on("data", (data: Buffer) => (out += data.toString()))
    child.once("error", reject)
    child.once("exit", (code) => code === 0 ? resolve(JSON.parse(out) as Samples) : reject(new Error(`bench/alone.ts for ${client} exited with ${code}`)))
  })

/**
 * The median of each round's ratio to raw undici in that same round. The
 * machine's speed drifts by a third over a run; a ratio of two medians
 * taken from different rounds carries that drift, a ratio within a round
 * mostly does not.
 */
const pairedRatio = (rates: ReadonlyArray<number>, rawRates: ReadonlyArray<number>) =>
  median(rates.map((rate, round) => rate / rawRates[round]!))
const rssMiB = () => process.memoryUsage().rss / 1024 / 1024

/**
 * Runs `task` while sampling RSS; gives the elapsed seconds and how far RSS
 * rose above where it was at the start (the process itself, with ten HTTP
 * clients loaded, sits near 300 MiB, so the growth is what a client costs).
 */
const measured = async (task: () => Promise<unknown>) => {
  const start = rssMiB()
  let peak = start
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB())), 20)
  const started = performance.now()
  await task()
  const seconds = (performance.now() - started) / 1000
  clearInterval(sampler)
  return { seconds, peak: Math.max(peak, rssMiB()) - start }
}

const main = async () => {
  const pems = await selfsigned.generate([{ name: "commonName", value: "127.0.0.1" }], {
    keyType: "ec",
    extensions: [{ name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] }]
  })
  const tls = { key: pems.private, cert: pems.cert }
  const server = await startServer(tls)
  const base = `http://127.0.0.1:${server.port}`
  // The effect 4 rows come from bench/clientsV4.mjs, loaded by URL: its
  // effect is the other major, out of this file's typecheck.
  const v4 = (await import(new URL("./clientsV4.mjs", import.meta.url).href)) as {
    readonly makeClientsV4: () => Promise<ReadonlyArray<Client>>
  }
  const clients = [...makeClients(), ...(await v4.makeClientsV4())]
  const results: Array<Result> = []
  const samples = new Map<string, Array<number>>()
  for (const client of clients) await client.run(`${base}/json`, sizes.warmUp, 64) // warm up (and let the JIT settle)
  for (let round = 0; round < rounds; round++) {
    for (const client of inRoundOrder(clients, round)) {
      for (const [scenario, n, concurrency] of [["sequential", sizes.sequential, 1], ["concurrent-64", sizes.concurrent, 64]] as const) {
        // Each client starts from a collected heap (npm run bench passes
        // --expose-gc), not from the garbage of the client before it.
        globalThis.gc?.()
        const { seconds } = await measured(() => client.run(`${base}/json`, n, concurrency))
        const key = `${client.name}|${scenario}`
        samples.set(key, [...(samples.get(key) ?? []), n / seconds])
        if (!smoke) process.stderr.write(".")
      }
    }
  }
  const ratios = new Map<string, number>()
  for (const [key, values] of samples) {
    const [client, scenario] = key.split("|") as [string, Result["scenario"]]
    results.push({ client, scenario, opsPerSec: Math.round(median(values)), rssMiB: 0 })
    ratios.set(key, pairedRatio(values, samples.get(`${RAW}|${scenario}`)!))
  }
  await Promise.all(clients.map((client) => client.close()))

  // The same rows, each alone in a process with raw undici and raw fetch.
  const toFetch = new Map<string, number>()
  for (const client of ALONE) {
    const samples = await alone(`${base}/json`, client)
    for (const scenario of ["sequential", "concurrent-64"] as const) {
      const rates = samples[client]![scenario]
      results.push({ client, scenario: `alone-${scenario}`, opsPerSec: Math.round(median(rates)), rssMiB: 0 })
      ratios.set(`${client}|alone-${scenario}`, pairedRatio(rates, samples[RAW]![scenario]))
      toFetch.set(`${client}|alone-${scenario}`, pairedRatio(rates, samples[FETCH]![scenario]))
    }
    if (!smoke) process.stderr.write(":")
  }

  // HTTP/2: 64 in flight over one TLS connection each, raw undici with
  // allowH2 against ours, interleaved over the same rounds; the server
  // counts the connections each client opened.
  const h2Base = `https://127.0.0.1:${server.h2Port}`
  const h2Clients = makeH2Clients(tls.cert)
  const h2Samples = h2Clients.map(() => [] as Array<number>)
  const connections = h2Clients.map(() => 0)
  const counter = new Agent({ connect: { ca: tls.cert } }) // HTTP/1.1: not a session itself
  const sessions = async () => {
    const { body } = await request(`${h2Base}/sessions`, { dispatcher: counter })
    return ((await body.json()) as { sessions: number }).sessions
  }
  for (const [i, client] of h2Clients.entries()) {
    const before = await sessions()
    await client.run(`${h2Base}/json`, sizes.warmUp, 64)
    connections[i] = (await sessions()) - before
  }
  for (let round = 0; round < rounds; round++) {
    // The two alternate which goes first.
    for (const index of inRoundOrder([...h2Clients.keys()], round)) {
      globalThis.gc?.()
      const { seconds } = await measured(() => h2Clients[index]!.run(`${h2Base}/json`, sizes.concurrent, 64))
      h2Samples[index]!.push(sizes.concurrent / seconds)
      if (!smoke) process.stderr.write(".")
    }
  }
  for (const [i, client] of h2Clients.entries()) {
    results.push({ client: client.name, scenario: "h2-concurrent-64", opsPerSec: Math.round(median(h2Samples[i]!)), rssMiB: 0 })
    ratios.set(`${client.name}|h2-concurrent-64`, pairedRatio(h2Samples[i]!, h2Samples[0]!))
  }
  await Promise.all([...h2Clients.map((client) => client.close()), counter.close()])

  // Streaming: a large download and upload, raw undici against effect-requests
  // over NodeHttp, interleaved over rounds too (one shot swung by 2x); the
  // median rate and the largest RSS growth are reported.
  const agent = new Agent()
  const downloadUrl = `${base}/download?bytes=${sizes.download}`
  const piece = new Uint8Array(64 * 1024)
  const pieces = sizes.upload / piece.length
  const streams: ReadonlyArray<{
    readonly client: string
    readonly scenario: "download-1GiB" | "upload-100MiB"
    readonly mib: number
    readonly task: () => Promise<unknown>
  }> = [
    {
      client: RAW,
      scenario: "download-1GiB",
      mib: sizes.download / 1024 / 1024,
      task: async () => {
        const { body } = await request(downloadUrl, { dispatcher: agent })
        for await (const _ of body) void _
      }
    },
    {
      client: "effect-requests NodeHttp.layer",
      scenario: "download-1GiB",
      mib: sizes.download / 1024 / 1024,
      task: () =>
        Effect.runPromise(
          Effect.flatMap(Http.get(downloadUrl), (res) => Stream.runDrain(res.stream)).pipe(Effect.provide(NodeHttp.layer))
        )
    },
    {
      client: RAW,
      scenario: "upload-100MiB",
      mib: sizes.upload / 1024 / 1024,
      task: async () => {
        const chunks = async function* () {
          for (let i = 0; i < pieces; i++) yield piece
        }
        const { body } = await request(`${base}/upload`, { method: "POST", body: Readable.from(chunks()), dispatcher: agent })
        await body.json()
      }
    },
    {
      client: "effect-requests NodeHttp.layer",
      scenario: "upload-100MiB",
      mib: sizes.upload / 1024 / 1024,
      task: () =>
        Effect.runPromise(
          Http.post(`${base}/upload`, { body: Stream.range(1, pieces).pipe(Stream.map(() => piece)) }).pipe(
            Effect.flatMap((res) => res.json),
            Effect.provide(NodeHttp.layer)
          )
        )
    }
  ]
  const streamSamples = streams.map(() => ({ rates: [] as Array<number>, peak: 0 }))
  for (let round = 0; round < streamRounds; round++) {
    for (const [i, stream] of streams.entries()) {
      const { seconds, peak } = await measured(stream.task)
      streamSamples[i]!.rates.push(stream.mib / seconds)
      streamSamples[i]!.peak = Math.max(streamSamples[i]!.peak, peak)
      if (!smoke) process.stderr.write(".")
    }
  }
  for (const [i, stream] of streams.entries()) {
    const sample = streamSamples[i]!
    results.push({ client: stream.client, scenario: stream.scenario, opsPerSec: Math.round(median(sample.rates)), rssMiB: Math.round(sample.peak) })
    const raw = streams.findIndex((other) => other.client === RAW && other.scenario === stream.scenario)
    ratios.set(`${stream.client}|${stream.scenario}`, pairedRatio(sample.rates, streamSamples[raw]!.rates))
  }
  await agent.close()
  server.stop()

  const out = process.env.BENCH_RESULTS ?? new URL("./results.json", import.meta.url).pathname
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`)
  console.log(`node ${process.version}, ${rounds} round(s) (streams ${streamRounds}), medians; ratio to raw undici.request in the same round, median over rounds`)
  console.log(`HTTP/2 connections opened by the warm-up and kept: ${h2Clients.map((client, i) => `${client.name} ${connections[i]}`).join(", ")}`)
  console.log("| client | scenario | req/s (MiB/s for streams) | ratio | RSS growth MiB |")
  console.log("|---|---|---|---|---|")
  for (const r of results.filter((r) => !r.scenario.startsWith("alone-"))) {
    console.log(`| ${r.client} | ${r.scenario} | ${r.opsPerSec} | ${ratios.get(`${r.client}|${r.scenario}`)!.toFixed(2)} | ${r.rssMiB} |`)
  }
  console.log("\nEach alone in a process with raw undici and raw fetch (bench/alone.ts), ratios paired within that process:")
  console.log("| client | scenario | req/s | ratio to raw undici | ratio to raw fetch |")
  console.log("|---|---|---|---|---|")
  for (const r of results.filter((r) => r.scenario.startsWith("alone-"))) {
    const key = `${r.client}|${r.scenario}`
    console.log(`| ${r.client} | ${r.scenario.slice("alone-".length)} | ${r.opsPerSec} | ${ratios.get(key)!.toFixed(2)} | ${toFetch.get(key)!.toFixed(2)} |`)
  }
}

main().then(() => process.exit(0), (error) => {
  console.error(error)
  process.exit(1)
})
