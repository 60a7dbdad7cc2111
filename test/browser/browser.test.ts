/**
 * The browser suite: the checks of checks.ts, bundled for the browser,
 * run in headless Chromium (Debian's `chromium`, driven by playwright-core)
 * against TestServers with CORS on loopback. `.ci/run` installs Chromium;
 * where it is missing the suite is skipped with that reason.
 */
import { existsSync } from "node:fs"
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe } from "@effect/vitest"
import { Effect, Exit, Scope } from "effect"
import { TestServer } from "effect-requests/testing"
import { chromium, type Browser } from "playwright-core"
import type { Outcome } from "../e2e/checks.js"
import { bundleChecks, declareOutcomes } from "../e2e/harness.js"

const executable = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((path) => existsSync(path))

/** A page server on its own origin: the page, with the config, and the bundle. */
const servePage = (script: string, config: object): Promise<{ url: string; close: () => Promise<void> }> =>
  new Promise((resolve) => {
    const html = `<!doctype html><meta charset="utf-8"><script>window.__config = ${JSON.stringify(config)}</script>` +
      `<script type="module" src="/checks.js"></script>`
    const server = http.createServer((req, res) => {
      if (req.url === "/checks.js") return void res.writeHead(200, { "content-type": "text/javascript" }).end(script)
      if (req.url === "/") return void res.writeHead(200, { "content-type": "text/html" }).end(html)
      res.writeHead(404).end()
    })
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((done) => server.close(() => done())) })
    })
  })

describe.skipIf(executable === undefined)(`in headless Chromium (${executable ?? "chromium is not installed (apt-get install chromium; .ci/run does it)"})`, () => {
  const outcomes = new Map<string, Outcome>()
  let browser: Browser | undefined
  const scope = Effect.runSync(Scope.make())

  beforeAll(async () => {
    const [api, other] = await Effect.runPromise(
      Effect.all([TestServer.make({ cors: true }), TestServer.make({ cors: true })]).pipe(Scope.extend(scope))
    )
    const script = await bundleChecks(fileURLToPath(new URL("../e2e/checks.ts", import.meta.url)), { platform: "browser" })
    const page = await servePage(script, { api: api.url, other: other.url })
    await Effect.runPromise(Scope.addFinalizer(scope, Effect.promise(page.close)))
    browser = await chromium.launch({
      executablePath: executable!,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    })
    const tab = await browser.newPage()
    const errors: Array<string> = []
    tab.on("pageerror", (error) => errors.push(error.message))
    tab.on("console", (message) => {
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) errors.push(message.text())
    })
    await tab.goto(page.url)
    await tab.waitForFunction(() => (globalThis as { __results?: unknown }).__results !== undefined, undefined, { timeout: 120_000 })
      .catch((cause) => {
        throw new Error(`the page did not finish: ${errors.join("; ") || String(cause)}`)
      })
    const results = await tab.evaluate(() => (globalThis as unknown as { __results: ReadonlyArray<Outcome> }).__results)
    for (const outcome of results) outcomes.set(outcome.name, outcome)
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await Effect.runPromise(Scope.close(scope, Exit.void))
  })

  declareOutcomes(outcomes, "the page")
})
