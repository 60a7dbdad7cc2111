/**
 * `npm run mutate [group…] [--since REF] [--force]`: mutation testing of the rules
 * that must not bend (stryker/groups.json): each group's sources mutated by
 * Stryker against its own tests, incrementally (stryker/incremental/<group>.json,
 * committed, keeps what the last run found, so a rerun, in CI too, tests
 * only the mutants whose code or tests changed), an HTML report per group
 * in reports/mutation/. A group whose score, or the score of any one of
 * its files, is under its `break` fails the run: the CI gate. With
 * `--since REF`, only the groups whose sources or tests changed since REF.
 */
import { execFileSync, spawnSync } from "node:child_process"
import { mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"

interface Group {
  readonly mutate: ReadonlyArray<string>
  readonly tests: ReadonlyArray<string>
  readonly break: number
}

const root = join(import.meta.dirname, "..")
const { groups } = JSON.parse(readFileSync(join(root, "stryker", "groups.json"), "utf8")) as { groups: Record<string, Group> }

const args = process.argv.slice(2)
const sinceAt = args.indexOf("--since")
const since = sinceAt === -1 ? undefined : args[sinceAt + 1]
// --force: every mutant again, not only the changed ones (Stryker keeps a static mutant's old survival otherwise).
const force = args.includes("--force")
const named = args.filter((arg, i) => !arg.startsWith("--") && (sinceAt === -1 || i !== sinceAt + 1))
const unknown = named.filter((name) => groups[name] === undefined)
if (unknown.length > 0) {
  console.error(`no such group: ${unknown.join(", ")} (groups: ${Object.keys(groups).join(", ")})`)
  process.exit(2)
}

/** Files changed since `ref`, as paths from the root. */
const changedSince = (ref: string): ReadonlyArray<string> =>
  execFileSync("git", ["diff", "--name-only", ref, "--"], { cwd: root, encoding: "utf8" }).split("\n").filter((line) => line !== "")

const globToRegExp = (glob: string) =>
  new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*\*\//g, "(.*/)?").replace(/\*/g, "[^/]*")}$`)

const touched = (group: Group, changed: ReadonlyArray<string>) =>
  [...group.mutate, ...group.tests].some((glob) => changed.some((file) => globToRegExp(glob).test(file)))

let selected = named.length > 0 ? named : Object.keys(groups)
if (since !== undefined) {
  const changed = changedSince(since)
  selected = selected.filter((name) => touched(groups[name]!, changed))
  console.log(`groups changed since ${since}: ${selected.join(", ") || "none"}`)
}

interface Report {
  readonly files: Record<string, { readonly mutants: ReadonlyArray<{ readonly status: string }> }>
}

/**
 * The files of a report whose own score is under the floor: a group's
 * overall score can hide one file whose tests were deleted. Timeouts count
 * as detected, as in Stryker's score; ignored and erroring mutants not at all.
 */
const underFloor = (reportFile: string, floor: number): ReadonlyArray<string> => {
  const report = JSON.parse(readFileSync(reportFile, "utf8")) as Report
  const out: Array<string> = []
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const count = (...statuses: ReadonlyArray<string>) => mutants.filter((m) => statuses.includes(m.status)).length
    const detected = count("Killed", "Timeout")
    const valid = detected + count("Survived", "NoCoverage")
    const score = valid === 0 ? 100 : (detected / valid) * 100
    if (score < floor) out.push(`${file}: ${score.toFixed(2)} % is under ${floor} %`)
  }
  return out
}

const stryker = join(root, "node_modules", ".bin", "stryker")
const base = JSON.parse(readFileSync(join(root, "stryker.config.json"), "utf8")) as Record<string, unknown>
mkdirSync(join(root, "reports", "mutation"), { recursive: true })
const failed: Array<string> = []
for (const name of selected) {
  const group = groups[name]!
  console.log(`\n=== ${name}: ${group.mutate.join(", ")} against ${group.tests.length} test files (break at ${group.break} %)`)
  // One config per group, the base's with this group's files, reports and threshold.
  const config = join(root, "reports", "mutation", `${name}.config.json`)
  writeFileSync(config, JSON.stringify({
    ...base,
    $schema: undefined,
    $comment: undefined,
    mutate: group.mutate,
    // Committed: a rerun, in CI too, tests again only the mutants whose code or tests changed.
    incrementalFile: `stryker/incremental/${name}.json`,
    htmlReporter: { fileName: `reports/mutation/${name}.html` },
    jsonReporter: { fileName: `reports/mutation/${name}.json` },
    thresholds: { high: group.break, low: group.break - 10, break: group.break }
  }, null, 2))
  const run = spawnSync(stryker, ["run", config, ...(force ? ["--force"] : [])], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, MUTATE_TESTS: group.tests.join(",") }
  })
  if (run.status !== 0) failed.push(name)
  else {
    const weak = underFloor(join(root, "reports", "mutation", `${name}.json`), group.break)
    for (const line of weak) console.error(line)
    if (weak.length > 0) failed.push(name)
  }
}
if (failed.length > 0) {
  console.error(`\nunder the threshold (or failed): ${failed.join(", ")}`)
  process.exit(1)
}
