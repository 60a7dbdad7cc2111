/**
 * `npm run cache-tests`: runs the public HTTP caching test suite
 * (npm `http-cache-tests`, cache-tests.fyi) against a session with
 * `cache: true`. Its test server runs on loopback; its test definitions
 * drive requests through our session by way of a fetch-shaped adapter.
 * Prints a Markdown summary (results by kind, every failing case named)
 * for docs/caching.md. Takes a few minutes: the suite pauses 3 s between
 * many of its requests.
 */
import { execFileSync, spawn } from "node:child_process"
import { existsSync, mkdirSync } from "node:fs"
import * as net from "node:net"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { Effect } from "effect"
import { Http, Retry } from "../src/index.js"
import { NodeHttp } from "../src/node.js"

const VERSION = "0.4.5"
const root = join(import.meta.dirname, "..")
const dir = join(root, ".cache-tests")
const suite = join(dir, "package")

if (!existsSync(join(suite, "tests", "index.mjs"))) {
  mkdirSync(dir, { recursive: true })
  execFileSync("npm", ["pack", `http-cache-tests@${VERSION}`, "--pack-destination", dir, "--silent"], { stdio: "inherit" })
  execFileSync("tar", ["xzf", join(dir, `http-cache-tests-${VERSION}.tgz`), "-C", dir])
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })

const port = await freePort()
const server = spawn(process.execPath, [join(suite, "server", "server.mjs")], {
  env: { ...process.env, npm_config_protocol: "http", npm_config_port: String(port), npm_config_pidfile: join(dir, "server.pid") },
  stdio: ["ignore", "pipe", "inherit"]
})
await new Promise((resolve) => server.stdout.once("data", resolve))

// The suite's fetch, answered by one cached session (every test uses its own URLs).
const session = Http.make({ cache: true, retry: Retry.none, validateStatus: () => true, timeout: "30 seconds" })
const toRecord = (headers: unknown): Record<string, string> => {
  const out: Record<string, string> = {}
  const pairs = Array.isArray(headers) ? headers as Array<[string, string]> : Object.entries((headers ?? {}) as Record<string, string>)
  for (const [name, value] of pairs) {
    const key = name.toLowerCase()
    out[key] = key in out ? `${out[key]}, ${value}` : String(value)
  }
  return out
}
const adapter = (input: string, init: { method?: string; headers?: unknown; body?: string; redirect?: string } = {}) =>
  Effect.runPromise(
    Effect.gen(function* () {
      const res = yield* session.request(init.method ?? "GET", input, {
        headers: toRecord(init.headers),
        ...(init.body === undefined ? {} : { body: init.body }),
        redirects: init.redirect === "follow" ? 20 : false
      })
      const bytes = yield* res.bytes
      const empty = res.status === 204 || res.status === 304 || (init.method ?? "GET") === "HEAD"
      const headers = new Headers()
      for (const [name, value] of res.headers) headers.append(name, value)
      return new Response(empty ? null : bytes as unknown as BodyInit, { status: res.status, headers })
    }).pipe(Effect.provide(NodeHttp.layer))
  )

const runner = await import(pathToFileURL(join(suite, "client", "runner.mjs")).href)
const tests = (await import(pathToFileURL(join(suite, "tests", "index.mjs")).href)).default as Array<{
  name: string
  tests: Array<{ id: string; name: string; kind?: string; browser_only?: boolean }>
}>
await runner.runTests(tests, adapter, false, `http://localhost:${port}`)
const results = runner.getResults() as Record<string, true | [string, string]>
server.kill()

const byKind = new Map<string, { pass: number; fail: Array<string> }>()
const setupFailures: Array<string> = []
for (const group of tests) {
  for (const test of group.tests) {
    const result = results[test.id]
    if (result === undefined) continue
    if (result !== true && result[0] === "Setup") {
      setupFailures.push(`${test.id}: ${result[1]}`)
      continue
    }
    const kind = test.kind ?? "required"
    const row = byKind.get(kind) ?? { pass: 0, fail: [] }
    if (result === true) row.pass++
    else row.fail.push(`- \`${test.id}\` (${group.name}): ${test.name} — ${result[1]}`)
    byKind.set(kind, row)
  }
}
const lines = [`http-cache-tests ${VERSION}, ${Object.keys(results).length} cases run`, ""]
for (const [kind, row] of byKind) lines.push(`- ${kind}: ${row.pass} pass, ${row.fail.length} do not`)
lines.push(`- setup failures (the case could not run): ${setupFailures.length}`, "")
for (const [kind, row] of byKind) {
  if (row.fail.length === 0) continue
  lines.push(`### ${kind}: not passing`, "", ...row.fail, "")
}
if (setupFailures.length > 0) lines.push("### setup failures", "", ...setupFailures.map((s) => `- ${s}`), "")
process.stdout.write(`${lines.join("\n")}\n`)
process.exit(0)
