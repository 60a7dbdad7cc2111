import { execFile } from "node:child_process"
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import * as net from "node:net"
import { join } from "node:path"
import { promisify } from "node:util"
import type * as HttpClient from "#line/http/HttpClient"
import { Effect, Layer, Schema } from "effect"
import { Http } from "effect-requests"
import { NodeHttp } from "effect-requests/node"
import { TestServer } from "effect-requests/testing"
import { recordOf } from "#testline"

/**
 * Runs a TypeScript file through tsx in a child process on the Node that
 * runs the tests (`process.execPath`), not the first `node` on PATH: CI
 * runs the suite on two Node versions. Resolves with its standard output.
 */
export const runTypeScript = (
  file: string,
  args: ReadonlyArray<string>,
  timeout: number,
  env?: Readonly<Record<string, string>>
): Effect.Effect<string> =>
  Effect.promise(() =>
    promisify(execFile)(process.execPath, ["--import", "tsx", file, ...args], {
      timeout,
      cwd: join(import.meta.dirname, ".."),
      env: env === undefined ? process.env : { ...process.env, ...env }
    })
  ).pipe(Effect.map(({ stdout }) => stdout))

/** Every transport the end-to-end suite runs over. */
export const transports: ReadonlyArray<readonly [string, Layer.Layer<HttpClient.HttpClient>]> = [
  ["fetch", Http.layer],
  ["node", NodeHttp.layer]
]

/** The loopback httpbin and the default (fetch) transport. */
export const e2e = Layer.merge(TestServer.layer, Http.layer)

/** Declares the same end-to-end tests once per transport, over the loopback httpbin. */
export const eachTransport = (
  declare: (e2e: Layer.Layer<TestServer.TestServer | HttpClient.HttpClient>, transport: string) => void
) => {
  for (const [name, transport] of transports) declare(Layer.merge(TestServer.layer, transport), name)
}

/** A loopback port nothing listens on: bound, then released. */
export const closedPort: Effect.Effect<number> = Effect.promise(
  () =>
    new Promise<number>((resolve, reject) => {
      const server = net.createServer()
      server.once("error", reject)
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as net.AddressInfo
        server.close(() => resolve(port))
      })
    })
)

/** A plain node:http server on loopback answering with `handler`, for responses the TestServer has no route for. */
export const httpServer = (handler: http.RequestListener) =>
  Effect.acquireRelease(
    Effect.promise(() =>
      new Promise<{ url: string; server: http.Server }>((resolve) => {
        const server = http.createServer(handler)
        server.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }))
      })
    ),
    ({ server }) => Effect.promise(() => new Promise<void>((done) => {
      server.close(() => done())
      server.closeAllConnections()
    }))
  )

/** What /anything echoes that the session tests look at. */
export const Echo = Schema.Struct({
  url: Schema.String,
  headers: recordOf(Schema.String)
})

/** A session whose baseUrl is the loopback httpbin's /anything/api/. */
export const session = (config: Http.SessionConfig = {}) =>
  Effect.map(TestServer.url, (base) => Http.make({ baseUrl: `${base}/anything/api/`, ...config }))
