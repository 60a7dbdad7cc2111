/**
 * `npm run examples`: compiles every sample of the README, the guides and
 * the JSDoc on both Effect lines (scripts/check-examples.ts), then runs
 * what can run here: every program in examples/, and every sample that is
 * a whole program against the embedded loopback httpbin (it uses
 * `TestServer` and ends in `Effect.runPromise`), on each line. Effect 4
 * samples run against the built package (`npm run build` first) with
 * effect 4 from v4/node_modules; effect 3 ones against the sources. Fails
 * if anything does not compile, exits non-zero or runs past a minute.
 */
import { spawnSync } from "node:child_process"
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { allSamples, checkSamples, onEffect3 } from "./check-examples.js"

const root = join(import.meta.dirname, "..")
const tsx = join(root, "node_modules", ".bin", "tsx")
const failed: Array<string> = []

const run = (label: string, file: string, cwd: string, tsconfig?: string) => {
  const env = tsconfig === undefined ? process.env : { ...process.env, TSX_TSCONFIG_PATH: tsconfig }
  const result = spawnSync(tsx, [file], { cwd, env, encoding: "utf8", timeout: 60_000 })
  const ok = result.status === 0
  console.log(`${ok ? "ok  " : "FAIL"} ${label}`)
  if (!ok) {
    failed.push(label)
    console.log(result.stdout, result.stderr, result.error ?? "")
  }
}

const compiled = checkSamples()

const programs = readdirSync(join(root, "examples")).filter((name) => name.endsWith(".ts") && name !== "run.ts").sort()
for (const name of programs) run(`examples/${name}, effect 3`, join("examples", name), root)

// A sample that is a whole program against the embedded httpbin runs as it is.
const runnable = allSamples().filter((sample) => /\bTestServer\b/.test(sample.effect4) && /Effect\.runPromise\(/.test(sample.effect4))

// Effect 3: the sources, through the root tsconfig's paths.
const v3 = join(root, ".examples", "run-v3")
mkdirSync(v3, { recursive: true })
runnable.forEach((sample, i) => {
  writeFileSync(join(v3, `sample${i}.ts`), sample.effect3 ?? onEffect3(sample.effect4))
  run(`${sample.origin} sample ${i + 1}, effect 3`, join(v3, `sample${i}.ts`), root)
})

// Effect 4: the built package as a user installs it, beside v4's effect 4.
const v4 = join(root, "v4", ".samples")
rmSync(v4, { recursive: true, force: true })
cpSync(join(root, "dist"), join(v4, "node_modules", "effect-requests", "dist"), { recursive: true })
cpSync(join(root, "package.json"), join(v4, "node_modules", "effect-requests", "package.json"))
writeFileSync(join(v4, "package.json"), JSON.stringify({ type: "module" }))
// A tsconfig of its own: tsx would otherwise find the root's, whose paths send "effect-requests" to the effect 3 sources.
writeFileSync(join(v4, "tsconfig.json"), JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext" } }))
runnable.forEach((sample, i) => {
  writeFileSync(join(v4, `sample${i}.ts`), sample.effect4)
  run(`${sample.origin} sample ${i + 1}, effect 4`, `sample${i}.ts`, v4, join(v4, "tsconfig.json"))
})
cpSync(join(root, "examples"), join(v4, "examples"), { recursive: true })
for (const name of programs) run(`examples/${name}, effect 4`, join("examples", name), v4, join(v4, "tsconfig.json"))
rmSync(v4, { recursive: true, force: true })

if (failed.length > 0) process.exit(1)
console.log(`${compiled} samples compiled on each line; ran ${programs.length} examples and ${runnable.length} samples on each line`)
