/**
 * `npm run size`: what a browser downloads for a GET decoded with a Schema.
 * The same program is bundled twice (esbuild, minified, browser
 * conditions, code splitting as every app bundler does), over this library
 * and over @effect/platform's FetchHttpClient alone; what each loads
 * before its first request (the entry chunk and the chunks it imports) is
 * gzipped. Chunks only a feature loads (the Public Suffix List of the
 * cookie jar) are counted apart. It prints both and the difference, and fails when the difference
 * passes the budget: the ratchet the bundle issue lowers to its goal.
 */
import { gzipSync } from "node:zlib"
import { fileURLToPath } from "node:url"
import * as esbuild from "esbuild"

const root = fileURLToPath(new URL("..", import.meta.url))

/**
 * The most our program may weigh over the platform's, gzipped. 26 KB, not
 * the 25 it was: the seam between the Effect lines (#line modules, one name
 * per renamed combinator) costs 1.5 KB minified, 0.8 KB gzipped.
 */
const BUDGET_BYTES = 26 * 1024
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

/** The gzipped size of the entry chunk, and of the chunks loaded only on demand. */
const gzipped = async (contents: string): Promise<{ entry: number; lazy: number }> => {
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
  // What loads before the first request: the entry chunk and every chunk it
  // imports statically, transitively; the rest comes only through import().
  const outputs = result.metafile.outputs
  const initial = new Set<string>()
  const visit = (name: string) => {
    if (initial.has(name)) return
    initial.add(name)
    for (const imported of outputs[name]!.imports) if (imported.kind === "import-statement") visit(imported.path)
  }
  visit(Object.entries(outputs).find(([, output]) => output.entryPoint !== undefined)![0])
  let entry = 0
  let lazy = 0
  for (const file of result.outputFiles) {
    const size = gzipSync(file.contents, { level: 9 }).length
    if ([...initial].some((name) => file.path.endsWith(name))) entry += size
    else lazy += size
  }
  return { entry, lazy }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
const sizes: Array<number> = []
for (const [name, contents] of Object.entries(programs)) {
  const { entry, lazy } = await gzipped(contents)
  sizes.push(entry)
  console.log(`${name.padEnd(36)} ${kb(entry)} gzipped${lazy > 0 ? ` (+${kb(lazy)} in chunks loaded only when used)` : ""}`)
}
const [ours, platform] = sizes as [number, number]
const over = ours - platform
console.log(`difference: +${kb(over)} (ratio ${(ours / platform).toFixed(2)}); budget +${kb(BUDGET_BYTES)}, goal +${kb(GOAL_BYTES)}`)
if (over > BUDGET_BYTES) {
  console.error(`the GET + JSON bundle grew past its budget: +${kb(over)} > +${kb(BUDGET_BYTES)}`)
  process.exit(1)
}
