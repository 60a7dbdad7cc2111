/**
 * One Effect client alone in a process with the two raw references (raw
 * undici and the global fetch), interleaved over rounds. An application
 * runs one HTTP client on one Effect runtime; bench/run.ts's main process
 * runs seventeen clients on two, which slows every Effect client in it
 * (bench/NOTES.md, "The process itself matters"). run.ts spawns this once
 * per client it measures alone and reads the samples it prints as JSON:
 * `{ [client]: { sequential: [req/s per round], "concurrent-64": [...] } }`.
 *   node --import tsx bench/alone.ts <url> <client> <rounds> <sequential n> <concurrent n> <warm-up n>
 */
import { inRoundOrder, makeClients } from "./clients.js"

const [url, name, rounds, sequential, concurrent, warmUp] = process.argv.slice(2) as [string, string, string, string, string, string]
const REFERENCES = ["undici.request (raw)", "fetch (global)"] as const

const main = async () => {
  const all = makeClients()
  const clients = all.filter((client) => client.name === name || (REFERENCES as ReadonlyArray<string>).includes(client.name))
  if (clients.length !== REFERENCES.length + 1) throw new Error(`no bench client named ${name}`)
  const samples: Record<string, Record<string, Array<number>>> = {}
  for (const client of clients) {
    await client.run(url, Number(warmUp), 64)
    samples[client.name] = { sequential: [], "concurrent-64": [] }
  }
  for (let round = 0; round < Number(rounds); round++) {
    for (const client of inRoundOrder(clients, round)) {
      for (const [scenario, n, concurrency] of [["sequential", Number(sequential), 1], ["concurrent-64", Number(concurrent), 64]] as const) {
        globalThis.gc?.()
        const started = performance.now()
        await client.run(url, n, concurrency)
        samples[client.name]![scenario]!.push(n / ((performance.now() - started) / 1000))
      }
    }
  }
  await Promise.all(all.map((client) => client.close()))
  process.stdout.write(JSON.stringify(samples))
}

main().then(() => process.exit(0), (error) => {
  console.error(error)
  process.exit(1)
})
