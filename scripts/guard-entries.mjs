// After a build: each entry a user imports first (index, node, testing)
// becomes a guard in front of the entry tsc built. The guard loads first,
// with nothing but `effect/Effect`, which both majors have; beside the
// other major it throws one line that names the entry and the install line
// to use. Only then is the entry itself imported (a top-level `await
// import()`): imported statically, its modules would fail to resolve beside
// the other major before any code of ours could run, with the runtime's
// message about a missing module. Bundlers for browsers take the entry as
// tsc built it (the `browser` condition in package.json): a bundle is
// checked when it is built, and a dynamic import would cost tree-shaking.
//
//   node scripts/guard-entries.mjs <dist dir>
import { readFileSync, renameSync, writeFileSync } from "node:fs"
import { join } from "node:path"

const dir = process.argv[2]
if (dir === undefined) {
  console.error("usage: guard-entries.mjs <dist dir>")
  process.exit(2)
}

for (const entry of ["index", "node", "testing"]) {
  const file = join(dir, `${entry}.js`)
  const built = readFileSync(file, "utf8")
  const names = [...built.matchAll(/^export \* as (\w+) from "\.\/\w+\.js";?$/gm)].map((match) => match[1])
  if (names.length === 0) throw new Error(`${file}: no \`export * as\` to guard`)
  renameSync(file, join(dir, `${entry}.unguarded.js`))
  writeFileSync(file, [
    "// The guard first: beside the other effect major it throws, saying what to import (scripts/guard-entries.mjs).",
    "import { checked } from \"#line/guard\"",
    `const entry = checked && await import("./${entry}.unguarded.js")`,
    ...names.map((name) => `export const ${name} = entry.${name}`),
    ""
  ].join("\n"))
}
