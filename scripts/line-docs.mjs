// After a build: the JSDoc examples of each line's declarations as that
// line's users read them in their editor. The sources hold effect 4
// examples, each followed by a ```ts effect3 version where the lines' APIs
// differ (scripts/check-examples.ts compiles both). The effect 4 build
// (dist/) keeps the effect 4 ones; the effect 3 build (dist/v3) keeps the
// effect 3 version where there is one, and otherwise the example with its
// imports moved to `effect-requests/v3`.
//
//   node scripts/line-docs.mjs <dist dir> v3|v4
import { readdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"

const [dir, line] = process.argv.slice(2)
if (dir === undefined || (line !== "v3" && line !== "v4")) {
  console.error("usage: line-docs.mjs <dist dir> v3|v4")
  process.exit(2)
}

const declarations = (at) =>
  readdirSync(at, { withFileTypes: true }).flatMap((entry) => {
    const path = join(at, entry.name)
    if (entry.isDirectory()) return line === "v4" && entry.name === "v3" ? [] : declarations(path)
    return entry.name.endsWith(".d.ts") ? [path] : []
  })

// An effect 4 example (```ts … ```) and the ```ts effect3 one after it, if
// any, inside a JSDoc comment: each line starts with optional blanks and " * ".
const pair = /( *\* ```ts\n(?:(?! *\* ```)[^\n]*\n)* *\* ```\n)((?: *\*\n)* *\* ```ts effect3\n(?:(?! *\* ```)[^\n]*\n)* *\* ```\n)?/g
const toV3 = (text) => text.replace(/(["'])effect-requests(?!\/v3\b)(\/[\w.]+)?\1/g, "$1effect-requests/v3$2$1")

let rewritten = 0
for (const file of declarations(dir)) {
  const text = readFileSync(file, "utf8")
  const examples = text.replace(pair, (_match, effect4, effect3) => {
    rewritten++
    if (line === "v4" || effect3 === undefined) return effect4
    // The effect 3 version, as a plain ```ts example.
    return effect3.replace(/^(?: *\*\n)*/, "").replace("```ts effect3", "```ts")
  })
  // On effect 3 every "effect-requests…" named anywhere (examples, prose) is
  // its /v3 entry; declarations themselves import only relative paths.
  const out = line === "v3" ? toV3(examples) : examples
  if (out !== text) writeFileSync(file, out)
}
console.log(`${rewritten} examples in ${dir} written for effect ${line.slice(1)}`)
