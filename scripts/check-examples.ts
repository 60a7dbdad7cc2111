/**
 * Compiles every TypeScript example: the ```ts blocks of README.md and of
 * the guides in docs/, and the @example blocks of the JSDoc in src/. Each becomes a module in
 * .examples/ and is typechecked with the project's settings, so an example
 * that stops compiling fails `npm run typecheck`.
 */
import { execFileSync } from "node:child_process"
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join, relative } from "node:path"

const root = join(import.meta.dirname, "..")
const out = join(root, ".examples")

const fromMarkdown = (file: string): Array<string> =>
  [...readFileSync(file, "utf8").matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!)

const fromJsDoc = (file: string): Array<string> =>
  [...readFileSync(file, "utf8").matchAll(/@example\s*\n\s*\*\s*```ts\n([\s\S]*?)\s*\*\s*```/g)].map((m) =>
    m[1]!.split("\n").map((line) => line.replace(/^\s*\* ?/, "")).join("\n")
  )

const sources = (dir: string): Array<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? sources(path) : entry.name.endsWith(".ts") ? [path] : []
  })

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

const guides = readdirSync(join(root, "docs")).filter((name) => name.endsWith(".md")).map((name) => join(root, "docs", name))

rmSync(out, { recursive: true, force: true })
mkdirSync(out)
const examples: Array<[string, string]> = [
  ...[join(root, "README.md"), ...guides].flatMap((file) =>
    fromMarkdown(file).map((code) => [relative(root, file), code] as [string, string])
  ),
  ...sources(join(root, "src")).flatMap((file) => fromJsDoc(file).map((code) => [relative(root, file), code] as [string, string]))
]
examples.forEach(([origin, code], i) => {
  // Examples without imports would share one global scope; make each a module.
  const body = /^\s*(import|export)\s/m.test(code) ? code : `${code}\nexport {}\n`
  writeFileSync(join(out, `example${i}.ts`), `// from ${origin}\n${body}`)
})
writeFileSync(
  join(out, "tsconfig.json"),
  JSON.stringify({
    extends: "../tsconfig.json",
    compilerOptions: { noUnusedLocals: false, noUnusedParameters: false },
    include: ["*.ts"]
  })
)
try {
  execFileSync(join(root, "node_modules", ".bin", "tsc"), ["-p", join(out, "tsconfig.json")], { stdio: "inherit" })
  console.log(`${examples.length} examples compile`)
} catch {
  console.error("an example does not compile (see .examples/)")
  process.exit(1)
}
