/**
 * The Node side of the shared end-to-end checks (checks.ts): bundling them
 * with the library taken from src, and one test per check reading the
 * outcome another runtime reported. Used by test/browser and test/runtimes.
 */
import { fileURLToPath } from "node:url"
import { expect, it } from "@effect/vitest"
import * as esbuild from "esbuild"
import { checks, type Outcome } from "./checks.js"

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/** The checks' names, in order: what each suite declares a test for. */
export const checkNames: ReadonlyArray<string> = checks({ api: "", other: "" }).map(([name]) => name)

// The library from src, its test kit through the browser entry (no node:*).
const entries: Record<string, string> = {
  "effect-requests": source("../../src/index.ts"),
  "effect-requests/testing": source("../../src/testing.browser.ts")
}

/** Bundles `entry` with the library from src into one ES module: written to `outfile`, or returned. */
export const bundleChecks = async (
  entry: string,
  options: { readonly platform: "browser" | "neutral"; readonly outfile?: string }
): Promise<string> => {
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: options.platform,
    ...(options.platform === "neutral" ? { mainFields: ["module", "main"] } : {}),
    format: "esm",
    ...(options.outfile === undefined ? { write: false } : { outfile: options.outfile }),
    logLevel: "silent",
    plugins: [{
      name: "effect-requests-from-src",
      setup: (build) => build.onResolve({ filter: /^effect-requests(\/testing)?$/ }, (args) => ({ path: entries[args.path]! }))
    }]
  })
  return result.outputFiles?.[0]?.text ?? ""
}

/** One test per check, reading its outcome once `outcomes` is filled (in the suite's beforeAll). */
export const declareOutcomes = (outcomes: ReadonlyMap<string, Outcome>, ranBy: string): void => {
  for (const name of checkNames) {
    it(name, () => {
      const outcome = outcomes.get(name)
      expect(outcome, `${ranBy} ran it`).toBeDefined()
      expect(outcome!.detail).toBe("")
      expect(outcome!.ok).toBe(true)
    })
  }
}
