/**
 * `npm run fuzz -- [--cases N] [--seed S] [--only fetch|node]`: the hostile-server fuzzer of
 * test/fuzz/harness.ts, run long over both transports, printing how every
 * case ended by tag. It exits non-zero on any defect, hang or socket left
 * open. Loopback only; bounded by --cases (default 10,000).
 */
import { Effect } from "effect"
import { NodeHttp } from "effect-requests/node"
import { fetchTransport, fuzz } from "../test/fuzz/harness.js"

const flag = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`)
  return at === -1 ? fallback : Number(process.argv[at + 1])
}
const cases = flag("cases", 10_000)
const seed = flag("seed", Date.now() % 2 ** 31)

const transports = [
  ["fetch (undici 8)", fetchTransport],
  ["node", NodeHttp.layer]
] as const

const program = Effect.gen(function* () {
  let bad = 0
  console.log(`fuzz: ${cases} cases per transport, seed ${seed}`)
  const only = process.argv.indexOf("--only")
  for (const [name, layer] of transports) {
    if (only !== -1 && !name.startsWith(process.argv[only + 1]!)) continue
    const started = Date.now()
    // Slices of 1,000 keep the server's answer list and the open-socket check small.
    const counts: Record<string, number> = {}
    let open = 0
    const failures: Array<string> = []
    for (let done = 0; done < cases; done += 1000) {
      const report = yield* fuzz(layer, seed + done, Math.min(1000, cases - done))
      for (const [tag, n] of Object.entries(report.counts)) counts[tag] = (counts[tag] ?? 0) + n
      open += report.openSockets
      for (const f of report.failures) failures.push(`seed ${seed + done} case ${f.index}: ${f.outcome}`)
      for (const index of report.openCases) failures.push(`seed ${seed + done} case ${index}: socket left open`)
    }
    const defects = (counts.defect ?? 0) + (counts["not an HttpError"] ?? 0)
    console.log(`${name}: ${JSON.stringify(counts)}; defects ${defects}, hangs ${counts.hang ?? 0}, sockets left ${open}; ${Date.now() - started} ms`)
    for (const failure of failures.slice(0, 20)) console.log(`  ${failure}`)
    bad += defects + (counts.hang ?? 0) + open
  }
  if (bad > 0) process.exitCode = 1
})

Effect.runPromise(program)
