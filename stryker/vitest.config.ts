/**
 * The vitest config Stryker runs (npm run mutate): the root's aliases, with
 * the test files of one group of mutated sources, named in MUTATE_TESTS
 * (comma-separated globs). Stryker's own `testFiles` would leave the
 * mutants of code that runs when a module loads (constant sets, regexes)
 * switched off, and counted as survivors.
 */
import { defineConfig } from "vitest/config"
import root from "../vitest.config.js"

const tests = (process.env.MUTATE_TESTS ?? "").split(",").filter((glob) => glob !== "")
if (tests.length === 0) throw new Error("MUTATE_TESTS names no test files")

// Not mergeConfig: it would add these files to the root's include (every test) instead of replacing it.
export default defineConfig({ ...root, test: { ...root.test, include: tests } })
