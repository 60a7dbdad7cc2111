// The effect 4 rows of `npm run bench`: effect-requests (the root entries) over NodeHttp
// and over fetch, and effect 4's own FetchHttpClient, measured in the same
// process and rounds as the effect 3 rows (the same Client shape as
// clients.ts). Plain JavaScript: the benchmark's TypeScript is checked
// against effect 3.
//
// Effect 4 comes from v4/node_modules. The built dist/ is copied under
// v4/.bench/node_modules/effect-requests, so that its bare `effect` imports
// resolve to effect 4 (from dist/ itself they would find the root's effect 3).
// Without v4/ installed or built, there are no effect 4 rows.
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs"
import { fileURLToPath, pathToFileURL } from "node:url"
import { effectClients } from "./effectClients.mjs"

const root = fileURLToPath(new URL("..", import.meta.url))
const load = (path) => import(pathToFileURL(`${root}${path}`).href)

export const makeClientsV4 = async () => {
  if (!existsSync(`${root}v4/node_modules/effect/package.json`) || !existsSync(`${root}dist/index.js`)) {
    process.stderr.write("no effect 4 rows: run npm install --prefix v4 and npm run build\n")
    return []
  }
  const staged = "v4/.bench/node_modules/effect-requests/"
  rmSync(`${root}${staged}`, { recursive: true, force: true })
  mkdirSync(`${root}${staged}`, { recursive: true })
  cpSync(`${root}dist`, `${root}${staged}dist`, { recursive: true })
  cpSync(`${root}package.json`, `${root}${staged}package.json`)

  const { Effect, Layer, ManagedRuntime } = await load("v4/node_modules/effect/dist/index.js")
  const { FetchHttpClient, HttpClient } = await load("v4/node_modules/effect/dist/http/index.js")
  const { Http } = await load(`${staged}dist/index.js`)
  const { NodeHttp } = await load(`${staged}dist/node.js`)

  const { client } = effectClients({ Effect, ManagedRuntime })
  const platformGet = (url) => Effect.flatMap(HttpClient.get(url), (res) => res.json)
  const oursGet = (url) => Effect.flatMap(Http.get(url), (res) => res.json)
  return [
    client("effect 4 FetchHttpClient", FetchHttpClient.layer, platformGet),
    client("effect-requests on effect 4, Http.layer (fetch)", Layer.mergeAll(Http.layer), oursGet),
    client("effect-requests on effect 4, NodeHttp.layer", NodeHttp.layer, oursGet)
  ]
}
