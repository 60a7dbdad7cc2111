/**
 * Compiles every TypeScript sample on both Effect lines: the ```ts blocks
 * of README.md and of the guides in docs/, and the @example blocks of the
 * JSDoc in src/. A sample is effect 4 code importing the root entries; it
 * is compiled against effect 4 (v4/scripts/line.mjs examples), and on
 * effect 3 either as the ```ts effect3 block that follows it (where the
 * lines' APIs differ) or as itself with its imports moved to
 * `effect-requests/v3`. Each becomes a module in .examples/v4 and
 * .examples/v3; a sample that stops compiling fails `npm run typecheck`.
 *
 * `tsx scripts/check-examples.ts` prints how many samples compiled per line.
 */
import { execFileSync, spawnSync } from "node:child_process"
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join, relative } from "node:path"

const root = join(import.meta.dirname, "..")
const out = join(root, ".examples")

/** One sample: its effect 4 code and, where it differs, its effect 3 code. */
export interface Sample {
  readonly origin: string
  readonly effect4: string
  readonly effect3: string | undefined
}

/** The samples of a text: each ```ts block, and the ```ts effect3 block that may follow it. */
const samplesOf = (origin: string, blocks: ReadonlyArray<{ readonly info: string; readonly code: string }>): Array<Sample> => {
  const samples: Array<Sample> = []
  for (const block of blocks) {
    if (block.info === "ts effect3") {
      const last = samples.at(-1)
      if (last === undefined || last.effect3 !== undefined) throw new Error(`${origin}: a \`\`\`ts effect3 block must follow the effect 4 block it varies`)
      samples[samples.length - 1] = { ...last, effect3: block.code }
    } else {
      samples.push({ origin, effect4: block.code, effect3: undefined })
    }
  }
  return samples
}

const fromMarkdown = (file: string): Array<Sample> =>
  samplesOf(relative(root, file), [...readFileSync(file, "utf8").matchAll(/```(ts(?: effect3)?)\n([\s\S]*?)```/g)].map((m) => ({ info: m[1]!, code: m[2]! })))

const fromJsDoc = (file: string): Array<Sample> =>
  samplesOf(
    relative(root, file),
    [...readFileSync(file, "utf8").matchAll(/\*\s*```(ts(?: effect3)?)\n([\s\S]*?)\s*\*\s*```/g)].map((m) => ({
      info: m[1]!,
      code: m[2]!.split("\n").map((line) => line.replace(/^\s*\* ?/, "")).join("\n")
    }))
  )

const sources = (dir: string): Array<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? sources(path) : entry.name.endsWith(".ts") ? [path] : []
  })

/** Effect 4 code as the effect 3 entries are imported: `effect-requests/v3`, `/v3/node`, `/v3/testing`, `/v3/Http`… */
export const onEffect3 = (code: string): string => code.replace(/(["'])effect-requests(?!\/v3\b)(\/[\w.]+)?\1/g, "$1effect-requests/v3$2$1")

/** Every sample of the README, the guides and the JSDoc. */
export const allSamples = (): Array<Sample> => {
  const guides = readdirSync(join(root, "docs")).filter((name) => name.endsWith(".md")).map((name) => join(root, "docs", name))
  return [
    ...[join(root, "README.md"), ...guides].flatMap(fromMarkdown),
    ...sources(join(root, "src")).flatMap(fromJsDoc)
  ]
}

/**
 * A guide's table whose code cells compile: marked by the comment
 * `<!-- cells compile -->` before it, with the ```ts block after it
 * holding every code cell of its right column (a cell that reads like
 * code: a call, a property or an option, not a bare name).
 */
export const tableCellsOutsideSamples = (): Array<string> => {
  const guides = readdirSync(join(root, "docs")).filter((name) => name.endsWith(".md"))
  const missing: Array<string> = []
  const squeeze = (code: string) => code.replace(/\s+/g, " ")
  for (const name of guides) {
    const text = readFileSync(join(root, "docs", name), "utf8")
    for (const marked of text.matchAll(/<!-- cells compile -->\n((?:\|.*\n)+)\n[\s\S]*?```ts\n([\s\S]*?)```/g)) {
      const block = squeeze(marked[2]!)
      for (const row of marked[1]!.split("\n").slice(2)) {
        const right = row.split(" | ")[1] ?? ""
        for (const cell of right.matchAll(/`([^`]+)`/g)) {
          const code = cell[1]!
          if (/[.(:]/.test(code) && !block.includes(squeeze(code))) missing.push(`docs/${name}: ${code}`)
        }
      }
    }
  }
  return missing
}

const asModule = (origin: string, code: string) =>
  // Samples without imports would share one global scope; make each a module.
  `// from ${origin}\n${/^\s*(import|export)\s/m.test(code) ? code : `${code}\nexport {}\n`}`

/** Checks the docs and compiles every sample on both lines; exits on a failure; gives how many compiled. */
export const checkSamples = (): number => {
  // Every export of a public module (src/*.ts) documents itself with an
  // example, the version it appeared in and its category.
  const undocumented = readdirSync(join(root, "src"))
    .filter((name) => name.endsWith(".ts"))
    .flatMap((name) => {
      const text = readFileSync(join(root, "src", name), "utf8")
      return [...text.matchAll(/(\/\*\*(?:(?!\*\/)[\s\S])*\*\/\s*)?export (?:declare )?(?:const|class|interface|type|function) (\w+)/g)]
        .flatMap((m) => {
          const doc = m[1] ?? ""
          const missing = ["@example", "@since", "@category"].filter((tag) => !doc.includes(tag))
          return missing.length === 0 ? [] : [`${name}: ${m[2]} (no ${missing.join(", ")})`]
        })
    })
  if (undocumented.length > 0) {
    console.error(`exports missing documentation:\n  ${undocumented.join("\n  ")}`)
    process.exit(1)
  }

  const uncompiled = tableCellsOutsideSamples()
  if (uncompiled.length > 0) {
    console.error(`table code cells missing from the block that compiles them:\n  ${uncompiled.join("\n  ")}`)
    process.exit(1)
  }

  const samples = allSamples()
  rmSync(out, { recursive: true, force: true })
  for (const line of ["v3", "v4"]) mkdirSync(join(out, line), { recursive: true })
  samples.forEach((sample, i) => {
    writeFileSync(join(out, "v4", `example${i}.ts`), asModule(sample.origin, sample.effect4))
    writeFileSync(join(out, "v3", `example${i}.ts`), asModule(sample.origin, sample.effect3 ?? onEffect3(sample.effect4)))
  })
  writeFileSync(
    join(out, "v3", "tsconfig.json"),
    JSON.stringify({
      extends: "../../tsconfig.json",
      // esModuleInterop off as the builds have it (TypeScript 7, which the root's typecheck runs, has no such option).
      compilerOptions: { noUnusedLocals: false, noUnusedParameters: false, esModuleInterop: false },
      include: ["*.ts"]
    })
  )
  let failed = false
  try {
    // TypeScript 5.9 (`typescript`); node_modules/.bin/tsc may be 7's.
    execFileSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(out, "v3", "tsconfig.json")], { stdio: "inherit" })
  } catch {
    console.error("a sample does not compile on effect 3 (see .examples/v3/)")
    failed = true
  }
  const v4 = spawnSync(process.execPath, [join(root, "v4", "scripts", "line.mjs"), "examples", relative(process.cwd(), join(out, "v4"))], {
    stdio: "inherit"
  })
  if (v4.status !== 0) {
    console.error("a sample does not compile on effect 4 (see .examples/v4/)")
    failed = true
  }
  if (failed) process.exit(1)
  const varied = samples.filter((sample) => sample.effect3 !== undefined).length
  console.log(`${samples.length} samples compile on effect 4 and on effect 3 (${varied} with an effect 3 version of their own)`)
  return samples.length
}

if (process.argv[1] === import.meta.filename) checkSamples()
