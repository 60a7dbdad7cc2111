/**
 * The connector of the Node transport's pool: undici's own, with one guard
 * on the sockets that speak HTTP/2 (`deferEnd`, below).
 *
 * @internal
 */
import type { EventEmitter } from "node:events"
import type * as net from "node:net"
import { buildConnector } from "undici"

/** A property of undici's that has no public name, found by its symbol's description. */
const undiciField = (target: object, description: string): unknown => {
  const key = Object.getOwnPropertySymbols(target).find((symbol) => symbol.description === description)
  return key === undefined ? undefined : (target as Record<symbol, unknown>)[key]
}

/**
 * An HTTP/2 server that reaches its request limit (nginx's
 * keepalive_requests) sends the last response, GOAWAY, and closes. undici
 * (8.13) destroys the session with "other side closed" on the socket's
 * 'end', before the last stream has delivered the end of its body, so a
 * request the server answered fails: a POST could not even be retried.
 * After a GOAWAY undici closes the session gracefully by itself, so the
 * 'end' waits for that close (at most 10 s, for a stream that never ends);
 * without one, it comes a turn later, when the stream has ended if all
 * of it had arrived.
 */
const deferEnd = (socket: net.Socket): void => {
  const emit = socket.emit
  socket.emit = function(this: net.Socket, event: string | symbol, ...args: Array<unknown>): boolean {
    if (event !== "end") return Reflect.apply(emit, this, [event, ...args]) as boolean
    const ended = () => Reflect.apply(emit, this, [event, ...args])
    const session = undiciField(this, "http2Session") as EventEmitter | undefined
    if (session === undefined || undiciField(session, "received goaway") !== true) {
      setImmediate(ended)
    } else {
      const timer = setTimeout(ended, 10_000)
      session.once("close", () => {
        clearTimeout(timer)
        ended()
      })
    }
    return true
  } as typeof socket.emit
}

/** @internal */
export const make = (options: buildConnector.BuildOptions): buildConnector.connector => {
  const connect = buildConnector(options)
  return (connectOptions, callback) =>
    connect(connectOptions, (error, socket) => {
      // A failed connection has no socket (undefined, not null, on a TLS failure).
      if (socket !== null && socket !== undefined) {
        if ((socket as { alpnProtocol?: unknown }).alpnProtocol === "h2") deferEnd(socket)
      }
      ;(callback as (error: Error | null, socket: net.Socket | null) => void)(error, socket)
    })
}
