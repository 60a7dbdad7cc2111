/**
 * The smoke suite of the public API under Bun and Deno (npm `bun` and
 * `deno`, which `.ci/run` installs in .ci/runtimes): the shared end-to-end
 * checks, bundled with esbuild, run by each runtime against two TestServers
 * on loopback. Where a runtime is missing its suite is skipped, saying so.
 */
import { execFile } from "node:child_process"
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { afterAll, beforeAll, describe } from "@effect/vitest"
import { Effect, Exit, Scope } from "effect"
import { TestServer } from "effect-requests/testing"
import type { Outcome } from "../e2e/checks.js"
import { bundleChecks, declareOutcomes } from "../e2e/harness.js"

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/** The runtime's binary: installed by .ci/run in .ci/runtimes, or on PATH. */
const locate = (name: string): string | undefined => {
  const local = source(`../../.ci/runtimes/node_modules/.bin/${name}`)
  if (existsSync(local)) return local
  const onPath = (process.env.PATH ?? "").split(":").map((dir) => join(dir, name)).find((path) => existsSync(path))
  return onPath
}

const runtimes = [
  { name: "Bun", binary: locate("bun"), args: (file: string) => [file] },
  { name: "Deno", binary: locate("deno"), args: (file: string) => ["run", "--allow-net", "--allow-env", "--allow-read", file] }
]

for (const runtime of runtimes) {
  const reason = runtime.binary === undefined ? `${runtime.name.toLowerCase()} is not installed (npm ci --prefix .ci/runtimes; .ci/run does it)` : runtime.binary
  describe.skipIf(runtime.binary === undefined)(`under ${runtime.name} (${reason})`, () => {
    const outcomes = new Map<string, Outcome>()
    const scope = Effect.runSync(Scope.make())
    const dir = mkdtempSync(join(tmpdir(), "effect-requests-runtime-"))

    beforeAll(async () => {
      const [api, other] = await Effect.runPromise(Effect.all([TestServer.make(), TestServer.make()]).pipe(Scope.extend(scope)))
      const file = join(dir, "main.mjs")
      await bundleChecks(source("./main.ts"), { platform: "neutral", outfile: file })
      const config = JSON.stringify({ api: api.url, other: other.url })
      const { stdout } = await promisify(execFile)(runtime.binary!, [...runtime.args(file), config], {
        timeout: 120_000,
        cwd: dir,
        env: { ...process.env, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" }
      })
      const printed: ReadonlyArray<Outcome> = JSON.parse(stdout.trim().split("\n").at(-1)!)
      for (const outcome of printed) outcomes.set(outcome.name, outcome)
    }, 150_000)

    afterAll(async () => {
      rmSync(dir, { recursive: true, force: true })
      await Effect.runPromise(Scope.close(scope, Exit.void))
    })

    declareOutcomes(outcomes, runtime.name)
  })
}
