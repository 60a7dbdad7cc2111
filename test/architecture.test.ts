import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "@effect/vitest"

// The layout ARCHITECTURE.md promises, checked on the sources themselves.
const root = path.resolve(import.meta.dirname, "../src")

const sources = (dir: string): Array<string> =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    return entry.isDirectory() ? sources(full) : entry.name.endsWith(".ts") ? [full] : []
  })

const files = sources(root)
const relative = (file: string) => path.relative(root, file)
const isPublic = (file: string) => !relative(file).startsWith("internal") && !relative(file).startsWith("core")

/** The src files a file imports (types included), resolved. */
const importsOf = (file: string): Array<string> =>
  [...fs.readFileSync(file, "utf8").matchAll(/^(?:import|export)[^"]*? from "(\.{1,2}\/[^"]+)"/gm)].map((match) =>
    path.resolve(path.dirname(file), match[1]!.replace(/\.js$/, ".ts")))

/** Every module a file imports, by specifier: packages and relative paths alike. */
const specifiersOf = (file: string): Array<string> =>
  [...fs.readFileSync(file, "utf8").matchAll(/^(?:import|export)[^"]*? from "([^"]+)"/gm)].map((match) => match[1]!)

describe("layout", () => {
  it("src/core, the rules both Effect lines share, imports no Effect package, no Node module, nothing outside src/core", () => {
    const core = files.filter((file) => relative(file).startsWith("core"))
    expect(core.length).toBeGreaterThan(0)
    const offenders = core.flatMap((file) =>
      specifiersOf(file).filter((specifier) =>
        specifier.startsWith(".")
          ? !relative(path.resolve(path.dirname(file), specifier)).startsWith("core")
          : specifier !== "tldts"
      ).map((specifier) => `${relative(file)} -> ${specifier}`))
    expect(offenders).toEqual([])
  })

  it("no internal module imports a public module that gathers the API (Http and its parts, the test kit, the Node entry)", () => {
    const gathering = /^(Http|HttpOptions|HttpResponse|HttpSession|HttpStreaming|MockHttp|MockHttpResponse|NodeHttp|Cassette|TestServer|index|node|testing)\.ts$/
    const offenders = files.filter((file) => !isPublic(file)).flatMap((file) =>
      importsOf(file).filter((target) => isPublic(target) && gathering.test(relative(target))).map((target) =>
        `${relative(file)} -> ${relative(target)}`))
    expect(offenders).toEqual([])
  })

  it("the modules import each other without a cycle", () => {
    const graph = new Map(files.map((file) => [file, importsOf(file)]))
    const cycles: Array<string> = []
    const state = new Map<string, "open" | "done">()
    const visit = (file: string, trail: Array<string>) => {
      if (state.get(file) === "done") return
      if (state.get(file) === "open") {
        cycles.push([...trail.slice(trail.indexOf(file)), file].map(relative).join(" -> "))
        return
      }
      state.set(file, "open")
      for (const target of graph.get(file) ?? []) visit(target, [...trail, file])
      state.set(file, "done")
    }
    for (const file of files) visit(file, [])
    expect(cycles).toEqual([])
  })

  it("no module the library runs imports @effect/experimental when it loads: an optional peer is loaded where it is used", () => {
    // src/line/v3/persistence/RateLimiter.ts is the tests' seam and types' alone (nothing in src imports its values).
    const loaded = files.filter((file) => relative(file) !== path.join("line", "v3", "persistence", "RateLimiter.ts")).flatMap((file) =>
      [...fs.readFileSync(file, "utf8").matchAll(/^(import|export)(?! type)[^"]*? from "(@effect\/experimental[^"]*)"/gm)]
        .map((match) => `${relative(file)} -> ${match[2]}`))
    expect(loaded).toEqual([])
    const valueImports = files.flatMap((file) =>
      [...fs.readFileSync(file, "utf8").matchAll(/^import (?!type)[^"]*? from "#line\/persistence\/RateLimiter"/gm)].map(() => relative(file)))
    expect(valueImports).toEqual([])
  })

  it("every public module stays under 500 lines, JSDoc included", () => {
    const long = files.filter(isPublic).map((file) => [relative(file), fs.readFileSync(file, "utf8").split("\n").length] as const)
      .filter(([, lines]) => lines >= 500)
    expect(long).toEqual([])
  })

  it("a transport is found through the Transport service, never through a marker on the client", () => {
    const markers = files.flatMap((file) =>
      [...fs.readFileSync(file, "utf8").matchAll(/Symbol\.for\("([^"]+)"\)/g)].map((match) => match[1]!))
    // Type ids (what a value is) and a global cache key are not capabilities.
    expect(markers.sort()).toEqual(["effect-requests/HttpError", "effect-requests/MockHttp/Response", "effect-requests/nativeTracer"])
  })
})
