/**
 * The connector of the Node transport's pool: undici's own, with one guard
 * on every socket it makes.
 *
 * undici 7 asserts, in the socket's 'end' and 'close' handlers, that its
 * HTTP/1 parser is not paused (nodejs/undici#5360, fixed in undici 8): a
 * connection that is not kept alive (HTTP/1.0, `Connection: close`) and
 * ends while a body is paused for backpressure crashes the process with an
 * assertion no caller can catch. The transport avoids pausing where it can
 * tell (see transport.ts), but a server can close early at any time. This
 * guard runs before undici's handlers and clears the parser's paused mark,
 * as undici's own fix does: the parser then finishes as paused and the
 * request fails with a socket error (a typed ConnectionError), or
 * completes if its body was whole. Remove with the move to undici 8.
 *
 * @internal
 */
import type * as net from "node:net"
import { buildConnector } from "undici"

const unpause = function (this: net.Socket): void {
  const key = Object.getOwnPropertySymbols(this).find((symbol) => symbol.description === "parser")
  const parser = key === undefined ? undefined : (this as unknown as Record<symbol, { paused?: unknown } | null>)[key]
  if (parser !== null && parser !== undefined && parser.paused === true) parser.paused = false
}

/** @internal */
export const make = (options: buildConnector.BuildOptions): buildConnector.connector => {
  const connect = buildConnector(options)
  return (connectOptions, callback) =>
    connect(connectOptions, (error, socket) => {
      // A failed connection has no socket (undefined, not null, on a TLS failure).
      if (socket !== null && socket !== undefined) {
        socket.prependListener("end", unpause)
        socket.prependListener("close", unpause)
      }
      ;(callback as (error: Error | null, socket: net.Socket | null) => void)(error, socket)
    })
}
