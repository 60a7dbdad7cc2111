/**
 * The shared end-to-end checks as a program for Bun and Deno: the config
 * (JSON) as its one argument, the outcomes printed as JSON.
 */
import { run } from "../e2e/checks.js"

const runtime = globalThis as { Deno?: { args: Array<string> }; process?: { argv: Array<string> } }
const args = runtime.Deno?.args ?? runtime.process?.argv.slice(2) ?? []
// The outcomes are this program's output: what the test reads.
// eslint-disable-next-line no-console
run(JSON.parse(args[0] ?? "{}")).then((outcomes) => console.log(JSON.stringify(outcomes)))
