/**
 * Runs every program in examples/ (against the embedded loopback httpbin)
 * and fails if any exits non-zero or runs past a minute.
 */
import { spawnSync } from "node:child_process"
import { readdirSync } from "node:fs"
import { join } from "node:path"

const root = join(import.meta.dirname, "..")
const programs = readdirSync(join(root, "examples")).filter((name) => name.endsWith(".ts") && name !== "run.ts").sort()
const failed: Array<string> = []
for (const name of programs) {
  const run = spawnSync(join(root, "node_modules", ".bin", "tsx"), [join("examples", name)], {
    cwd: root,
    encoding: "utf8",
    timeout: 60_000
  })
  const ok = run.status === 0
  console.log(`${ok ? "ok  " : "FAIL"} examples/${name}`)
  if (!ok) {
    failed.push(name)
    console.log(run.stdout, run.stderr, run.error ?? "")
  }
}
if (failed.length > 0) process.exit(1)
console.log(`${programs.length} examples ran`)
