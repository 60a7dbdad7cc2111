import * as net from "node:net"
import { Effect, Layer } from "effect"
import { Http } from "effect-requests"
import { TestServer } from "effect-requests/testing"

/** The loopback httpbin and the default (fetch) transport: the end-to-end setup. */
export const e2e = Layer.merge(TestServer.layer, Http.layer)

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
