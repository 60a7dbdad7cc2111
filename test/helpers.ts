import * as net from "node:net"
import type { HttpClient } from "@effect/platform"
import { Effect, Layer } from "effect"
import { Http } from "effect-requests"
import { NodeHttp } from "effect-requests/node"
import { TestServer } from "effect-requests/testing"

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
