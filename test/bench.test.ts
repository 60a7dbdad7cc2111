import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { describe, expect, it } from "@effect/vitest"

describe("npm run bench", () => {
  it("runs one tiny round of every client and scenario and writes results.json", () => {
    const results = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-")), "results.json")
    execFileSync(process.execPath, ["--import", "tsx", "bench/run.ts"], {
      env: { ...process.env, BENCH_SMOKE: "1", BENCH_RESULTS: results },
      stdio: "pipe",
      timeout: 120_000
    })
    const rows = JSON.parse(fs.readFileSync(results, "utf8")) as ReadonlyArray<{
      client: string
      scenario: string
      opsPerSec: number
      rssMiB: number
    }>
    const scenarios = new Set(rows.map((row) => row.scenario))
    expect([...scenarios].sort()).toEqual([
      "alone-concurrent-64",
      "alone-sequential",
      "concurrent-64",
      "download-1GiB",
      "h2-concurrent-64",
      "sequential",
      "upload-100MiB"
    ])
    // The rows the goals name, each measured again alone in a process (bench/alone.ts).
    expect(rows.filter((row) => row.scenario === "alone-concurrent-64").map((row) => row.client)).toEqual([
      "effect-requests NodeHttp.layer",
      "effect-requests NodeHttp.layer, tracer installed",
      "effect-requests Http.layer (fetch)",
      "@effect/platform FetchHttpClient"
    ])
    const h2 = rows.filter((row) => row.scenario === "h2-concurrent-64").map((row) => row.client)
    expect(h2).toEqual(["undici.request (raw), HTTP/2", "effect-requests NodeHttp.layer, HTTP/2"])
    // Every client of bench/clients.ts, the tracer-installed variant
    // included, and bench/clientsV4.mjs's when the effect 4 line is built.
    const clients = rows.filter((row) => row.scenario === "concurrent-64").map((row) => row.client)
    const v4Rows = ["effect 4 FetchHttpClient", "effect-requests on effect 4, Http.layer (fetch)", "effect-requests on effect 4, NodeHttp.layer"]
    const v4Built = fs.existsSync("dist/index.js") && fs.existsSync("v4/node_modules/effect/package.json")
    expect(clients.filter((client) => !v4Rows.includes(client))).toHaveLength(15)
    expect(clients.filter((client) => v4Rows.includes(client))).toEqual(v4Built ? v4Rows : [])
    expect(clients).toContain("effect-requests NodeHttp.layer, tracer installed")
    expect(clients).toContain("effect-requests NodeHttp.layer, via Effect.forEach")
    // What a middleware costs: a session, and the same with one that only passes the request on.
    expect(clients).toContain("effect-requests NodeHttp.layer, a session")
    expect(clients).toContain("effect-requests NodeHttp.layer, a session with a pass-through middleware")
    // What the platform interface costs over a session (#31).
    expect(clients).toContain("effect-requests NodeHttp.layer, through session.httpClient")
    for (const row of rows) expect(row.opsPerSec).toBeGreaterThan(0)
  }, 150_000)
})
