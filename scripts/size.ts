/**
 * `npm run size`: what a browser downloads for a GET decoded with a Schema.
 * The same program is bundled over this library and over @effect/platform's
 * FetchHttpClient alone, minified for the browser with code splitting as
 * app bundlers do, by two bundlers: esbuild, and Rolldown (Vite's). What
 * each loads before its first request (the entry chunk and the chunks it
 * imports) is gzipped; chunks only a feature loads are counted apart. It
 * prints both and the difference, and fails when a difference passes its
 * budget: the ratchet the bundle issue lowers to its goal.
 *
 * The two differ for us: esbuild keeps every member of a namespace that a
 * package's index re-exports (`export * as Http`) once the program uses
 * one, so `Http.get` brings `Http.make`, SSE and the cache with it;
 * Rolldown keeps only the members used.
 */
import { gzipSync } from "node:zlib"
import { fileURLToPath } from "node:url"
import * as esbuild from "esbuild"
import { rolldown } from "rolldown"

const root = fileURLToPath(new URL("..", import.meta.url))

/**
 * The most our program may weigh over the platform's, gzipped, per bundler.
 * esbuild: 26 KB, not the 25 it was: the seam between the Effect lines
 * (#line modules, one name per renamed combinator) costs 1.5 KB minified,
 * 0.8 KB gzipped. Rolldown: 16 KB, since the module-level verbs stopped
 * going through a session object (+28.2 KB before, +14.9 after).
 */
const BUDGETS = { esbuild: 26 * 1024, rolldown: 16 * 1024 } as const
const GOAL_BYTES = 12 * 1024

const programs = {
  "effect-requests (Http.layer)": `
    import { Effect, Schema } from "effect"
    import { Http } from "effect-requests"
    const User = Schema.Struct({ id: Schema.Number, name: Schema.String })
    Http.get("https://api.example/users/1").pipe(
      Effect.flatMap((res) => res.decode(User)),
      Effect.provide(Http.layer),
      Effect.runPromise
    ).then(console.log)`,
  "@effect/platform (FetchHttpClient)": `
    import { FetchHttpClient, HttpClient, HttpClientResponse } from "@effect/platform"
    import { Effect, Schema } from "effect"
    const User = Schema.Struct({ id: Schema.Number, name: Schema.String })
    HttpClient.get("https://api.example/users/1").pipe(
      Effect.flatMap(HttpClientResponse.schemaBodyJson(User)),
      Effect.scoped,
      Effect.provide(FetchHttpClient.layer),
      Effect.runPromise
    ).then(console.log)`
}

type Sizes = { readonly entry: number; readonly lazy: number }

/**
 * What loads before the first request (the entry chunk and every chunk it
 * imports statically, transitively) and what comes only through import(),
 * each gzipped.
 */
const sizesOf = (
  entry: string,
  chunks: ReadonlyArray<{ readonly name: string; readonly code: string | Uint8Array; readonly imports: ReadonlyArray<string> }>
): Sizes => {
  const byName = new Map(chunks.map((chunk) => [chunk.name, chunk]))
  const initial = new Set<string>()
  const visit = (name: string) => {
    if (initial.has(name)) return
    initial.add(name)
    for (const imported of byName.get(name)!.imports) visit(imported)
  }
  visit(entry)
  let first = 0
  let lazy = 0
  for (const chunk of chunks) {
    const size = gzipSync(chunk.code, { level: 9 }).length
    if (initial.has(chunk.name)) first += size
    else lazy += size
  }
  return { entry: first, lazy }
}

/** esbuild: the gzipped size of the entry chunk, and of the chunks loaded only on demand. */
const withEsbuild = async (contents: string): Promise<Sizes> => {
  const result = await esbuild.build({
    stdin: { contents, resolveDir: root, loader: "ts", sourcefile: "program.ts" },
    bundle: true,
    minify: true,
    splitting: true,
    outdir: "size-out",
    platform: "browser",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "warning",
    plugins: [{
      name: "effect-requests-from-src",
      setup: (build) => build.onResolve({ filter: /^effect-requests$/ }, () => ({ path: `${root}src/index.ts` }))
    }]
  })
  const outputs = result.metafile.outputs
  const entry = Object.entries(outputs).find(([, output]) => output.entryPoint !== undefined)![0]
  return sizesOf(
    entry,
    result.outputFiles.map((file) => {
      const name = Object.keys(outputs).find((output) => file.path.endsWith(output))!
      const imports = outputs[name]!.imports.flatMap((imported) => imported.kind === "import-statement" ? [imported.path] : [])
      return { name, code: file.contents, imports }
    })
  )
}

/** Rolldown: the same two sizes. */
const withRolldown = async (contents: string): Promise<Sizes> => {
  const program = `${root}size-program.ts`
  const bundle = await rolldown({
    input: program,
    platform: "browser",
    logLevel: "silent",
    resolve: { alias: { "effect-requests": `${root}src/index.ts` } },
    plugins: [{
      name: "program-in-memory",
      resolveId: (id) => id === program ? id : undefined,
      load: (id) => id === program ? { code: contents, moduleType: "ts" } : undefined
    }]
  })
  const { output } = await bundle.generate({ format: "esm", minify: true })
  await bundle.close()
  const chunks = output.flatMap((file) => file.type === "chunk" ? [{ name: file.fileName, code: file.code, imports: file.imports }] : [])
  const entry = output.find((file) => file.type === "chunk" && file.isEntry)!.fileName
  return sizesOf(entry, chunks)
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
let failed = false
for (const [bundler, measure] of [["esbuild", withEsbuild], ["rolldown", withRolldown]] as const) {
  const sizes: Array<number> = []
  console.log(`${bundler}:`)
  for (const [name, contents] of Object.entries(programs)) {
    const { entry, lazy } = await measure(contents)
    sizes.push(entry)
    console.log(`  ${name.padEnd(36)} ${kb(entry)} gzipped${lazy > 0 ? ` (+${kb(lazy)} in chunks loaded only when used)` : ""}`)
  }
  const [ours, platform] = sizes as [number, number]
  const over = ours - platform
  const budget = BUDGETS[bundler]
  console.log(`  difference: +${kb(over)} (ratio ${(ours / platform).toFixed(2)}); budget +${kb(budget)}, goal +${kb(GOAL_BYTES)}`)
  if (over > budget) {
    console.error(`  the GET + JSON bundle grew past its ${bundler} budget: +${kb(over)} > +${kb(budget)}`)
    failed = true
  }
}
if (failed) process.exit(1)
