/**
 * `npm run size`: what a browser downloads for a GET decoded with a Schema.
 * The same program is bundled over this library and over @effect/platform's
 * FetchHttpClient alone, minified for the browser with code splitting as
 * app bundlers do, by two bundlers, esbuild and Rolldown (Vite's), each
 * with both import styles: the package index and the module subpaths.
 * What each loads before its first request (the entry chunk and the chunks
 * it imports) is gzipped; chunks only a feature loads are counted apart.
 * It prints both and the difference, and fails when a difference passes
 * its budget: the ratchet the bundle issue lowers to its goal.
 *
 * The styles differ for us under esbuild: it keeps every member of a
 * namespace that a package's index re-exports (`export * as Http`) once
 * the program uses one, so `Http.get` brings `Http.make`, SSE and the cache
 * with it; through `effect-requests/Http` it keeps only the members used,
 * as Rolldown does either way.
 */
import { gzipSync } from "node:zlib"
import { fileURLToPath } from "node:url"
import * as esbuild from "esbuild"
import { rolldown } from "rolldown"

const root = fileURLToPath(new URL("..", import.meta.url))

/**
 * The most our program may weigh over the platform's, gzipped, per bundler
 * and import style. esbuild through the index: 27 KB (the #line seam costs
 * 0.8 KB gzipped; 26 until #27's fixes, which esbuild keeps whole through
 * the index: fetch bodies read ahead chunk by chunk so a stream gets them as
 * they come, the cache's credential fingerprint, the SSE event cap, the
 * connection-field checks: +1.6 KB). esbuild through module subpaths: 17 KB
 * (+15.6 KB when they came). Rolldown: 16 KB, since the module-level verbs
 * stopped going through a session object (+28.2 KB before, +14.9 after).
 * Both esbuild budgets +0.5 KB for HTTP-dates read strictly and in UTC
 * (Date.parse read asctime in local time): +0.3 KB. Every budget +0.5 KB
 * for the middleware stage (#29), which every send passes, session or
 * not: the runner and its checks, retry and the breaker letting a
 * middleware's own error through, the cache confirming what it serves in
 * a session with middleware: +0.5 KB. Then +0.5 KB for `deadline` (one
 * bound across a call's attempts, waits and body: +0.3 KB) and
 * `idleTimeout` (Effect's per-pull stream timeout: +0.4 KB esbuild, +0.3 KB Rolldown);
 * esbuild through the index keeps `Auth.digest` and its MD5 too (+0.2 KB).
 * Then, for what a GET does more since (#29, #30): upload progress for
 * every body, `res.history`, `elapsed` and `cookies`, `statusText` as
 * sent, the Host and null-params rules, the hook `session.httpClient`
 * needs in the pipeline: +0.6 KB Rolldown and esbuild through subpaths,
 * so those budgets are 18 and 19.5 KB. esbuild through the index also
 * keeps `session.cookies` with its save and load, `session.httpClient`
 * and `Auth.netrc` (+3 KB): 31.5 KB. Loading those on first use was
 * tried: esbuild's code splitting then moved the code they share with a
 * GET into chunks a GET loads first, and the index grew 2.8 KB more.
 */
const BUDGETS = { "esbuild, index": 31.5 * 1024, "esbuild, subpaths": 19.5 * 1024, "rolldown, index": 18 * 1024, "rolldown, subpaths": 18 * 1024 } as const
const GOAL_BYTES = 12 * 1024

/** The GET + Schema program: its imports, the call that gets the user, how the body is decoded, and what it is given. */
const program = (imports: string, get: string, decode: string, provide: string) => `
    import { Effect, Schema } from "effect"
    ${imports}
    const User = Schema.Struct({ id: Schema.Number, name: Schema.String })
    ${get}("https://api.example/users/1").pipe(
      Effect.flatMap(${decode}),
      ${provide},
      Effect.runPromise
    ).then(console.log)`

const ours = (imports: string) => program(imports, "Http.get", "(res) => res.decode(User)", "Effect.provide(Http.layer)")
const platform = (imports: string) =>
  program(imports, "HttpClient.get", "HttpClientResponse.schemaBodyJson(User)", "Effect.scoped,\n      Effect.provide(FetchHttpClient.layer)")

/**
 * Each import style for both libraries: the package index (`import { Http }
 * from "effect-requests"`), and the module subpaths (`import * as Http from
 * "effect-requests/Http"`, as @effect/platform's own `/HttpClient`).
 */
const styles = {
  index: {
    ours: ours(`import { Http } from "effect-requests"`),
    platform: platform(`import { FetchHttpClient, HttpClient, HttpClientResponse } from "@effect/platform"`)
  },
  subpaths: {
    ours: ours(`import * as Http from "effect-requests/Http"`),
    platform: platform([
      `import * as FetchHttpClient from "@effect/platform/FetchHttpClient"`,
      `import * as HttpClient from "@effect/platform/HttpClient"`,
      `import * as HttpClientResponse from "@effect/platform/HttpClientResponse"`
    ].join("\n    "))
  }
}

/** Our package specifiers: the index, or a module subpath. */
const OURS = /^effect-requests(\/\w+)?$/

/** The source file a package specifier of ours names. */
const sourceOf = (specifier: string) => specifier === "effect-requests" ? `${root}src/index.ts` : `${root}src/${specifier.slice("effect-requests/".length)}.ts`

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
      setup: (build) => build.onResolve({ filter: OURS }, (args) => ({ path: sourceOf(args.path) }))
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
    plugins: [{
      name: "program-in-memory-ours-from-src",
      resolveId: (id) => id === program ? id : OURS.test(id) ? sourceOf(id) : undefined,
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
const lazyNote = (lazy: number) => lazy > 0 ? ` (+${kb(lazy)} in chunks loaded only when used)` : ""
let failed = false
for (const [bundler, measure] of [["esbuild", withEsbuild], ["rolldown", withRolldown]] as const) {
  for (const [style, { ours, platform }] of Object.entries(styles)) {
    const mine = await measure(ours)
    const theirs = await measure(platform)
    const over = mine.entry - theirs.entry
    const budget = BUDGETS[`${bundler}, ${style}` as keyof typeof BUDGETS]
    console.log(`${bundler}, imports through the ${style === "index" ? "package index" : "module subpaths"}:`)
    console.log(`  effect-requests (Http.layer)          ${kb(mine.entry)} gzipped${lazyNote(mine.lazy)}`)
    console.log(`  @effect/platform (FetchHttpClient)    ${kb(theirs.entry)} gzipped${lazyNote(theirs.lazy)}`)
    console.log(`  difference: +${kb(over)} (ratio ${(mine.entry / theirs.entry).toFixed(2)}); budget +${kb(budget)}, goal +${kb(GOAL_BYTES)}`)
    if (over > budget) {
      console.error(`  the GET + JSON bundle grew past its ${bundler} budget for the ${style}: +${kb(over)} > +${kb(budget)}`)
      failed = true
    }
  }
}
if (failed) process.exit(1)
