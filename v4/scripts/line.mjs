// The effect 4 line, compiled from the shared sources.
//
//   node v4/scripts/line.mjs typecheck        strict typecheck against effect 4
//   node v4/scripts/line.mjs build            emit dist/, the root entries (with its package.json)
//   node v4/scripts/line.mjs examples <dir>   typecheck the programs in <dir> (doc samples) against
//                                             effect 4 and this line, importing "effect-requests"
//
// Why a staged copy: TypeScript falls back to the nearest node_modules when
// a path mapping finds nothing, and from ../src that is the root's effect 3.
// A module effect 4 removed (effect/Either) would then typecheck against
// effect 3 without a word. The copy lives outside the repository, with
// node_modules pointing at v4's, so effect 3 is out of reach.
import { spawnSync } from "node:child_process"
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join, relative } from "node:path"
import { fileURLToPath } from "node:url"

const v4 = dirname(dirname(fileURLToPath(import.meta.url)))
const root = dirname(v4)
const stage = join(tmpdir(), `effect-requests-v4-${process.pid}`)

// Every shared source: the effect 4 line has all that the effect 3 one has.
const sources = ["**/*.ts"]

const [command = "typecheck", examples] = process.argv.slice(2)
if ((command !== "typecheck" && command !== "build" && command !== "examples") || (command === "examples" && examples === undefined)) {
  console.error(`usage: line.mjs typecheck|build|examples <dir> (got ${command})`)
  process.exit(2)
}

if (!existsSync(join(v4, "node_modules", "effect", "package.json"))) {
  console.error("the effect 4 workspace is not installed: run npm install --prefix v4 first")
  process.exit(2)
}

mkdirSync(stage, { recursive: true })
cpSync(join(root, "src"), join(stage, "src"), {
  recursive: true,
  filter: (path) => !path.startsWith(join(root, "src", "line"))
})
cpSync(join(v4, "src", "line"), join(stage, "src", "line"), { recursive: true })
// The shared tests' own seam (v4/test) is typechecked too, not built.
if (command === "typecheck") cpSync(join(v4, "test"), join(stage, "test"), { recursive: true })
if (command === "examples") cpSync(join(process.cwd(), examples), join(stage, "examples"), { recursive: true })
symlinkSync(join(v4, "node_modules"), join(stage, "node_modules"), "dir")
writeFileSync(join(stage, "package.json"), JSON.stringify({ type: "module" }))

// esModuleInterop off, as TypeScript 5.9 builds this line (the root's typecheck runs 7, which has no such option).
const base = { ...JSON.parse(readFileSync(join(root, "tsconfig.base.json"), "utf8")).compilerOptions, esModuleInterop: false }
// The root entries serve effect 4; the effect 3 build goes to dist/v3 after this one.
const outDir = join(root, "dist")
writeFileSync(join(stage, "tsconfig.json"), JSON.stringify({
  compilerOptions: {
    ...base,
    paths: {
      "#line/*": ["./src/line/*.ts"],
      // The root entries, as a user of this line imports them.
      ...(command === "examples"
        ? {
          "effect-requests": ["./src/index.ts"],
          "effect-requests/node": ["./src/node.ts"],
          "effect-requests/testing": ["./src/testing.ts"],
          "effect-requests/*": ["./src/*.ts"]
        }
        : {})
    },
    ...(command === "build"
      ? { rootDir: "src", outDir, declaration: true, declarationMap: false, sourceMap: false, stripInternal: true }
      : { noEmit: true }),
    // Samples may leave a value unused, as a reader would; the packages
    // they use (redis's types) default-import Node modules.
    ...(command === "examples" ? { noUnusedLocals: false, noUnusedParameters: false, allowSyntheticDefaultImports: true } : {})
  },
  include: [
    ...sources.map((glob) => `src/${glob}`),
    ...(command === "typecheck" ? ["test/**/*.ts"] : []),
    ...(command === "examples" ? ["examples/**/*.ts"] : [])
  ]
}, null, 2))

if (command === "build") rmSync(outDir, { recursive: true, force: true })
const tsc = spawnSync(process.execPath, [join(v4, "node_modules", "typescript", "bin", "tsc"), "-p", ".", "--pretty", "false"], {
  cwd: stage,
  encoding: "utf8"
})
// Errors name the files as they are in the repository, not in the copy.
const fromRoot = (path) => relative(process.cwd(), join(root, path)) || "."
const shown = `${tsc.stdout}${tsc.stderr}`
  .replaceAll(/^src\/line\//gm, `${fromRoot("v4/src/line")}/`)
  .replaceAll(/^src\//gm, `${fromRoot("src")}/`)
  .replaceAll(/^test\//gm, `${fromRoot("v4/test")}/`)
  .replaceAll(/^examples\//gm, `${examples ?? "examples"}/`)
process.stdout.write(shown)
rmSync(stage, { recursive: true, force: true })

if (tsc.status === 0 && command === "build") {
  // Node and TypeScript scope `imports` to the nearest package.json, so the
  // same compiled `#line/...` specifier finds the effect 4 modules here.
  writeFileSync(join(outDir, "package.json"), JSON.stringify({
    type: "module",
    sideEffects: false,
    imports: { "#line/*": { types: "./line/*.d.ts", default: "./line/*.js" } }
  }, null, 2) + "\n")
}
process.exit(tsc.status ?? 1)
