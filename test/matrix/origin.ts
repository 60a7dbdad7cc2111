/**
 * The origin every cell of the combination matrix talks to, played by a
 * loopback server (fetch, NodeHttp) or by MockHttp, with one behaviour:
 *
 * - `/data` and `/page1`, `/page2` answer a body that names who asked
 *   (`Authorization` or `X-Api-Key`, `| Cookie`), cacheable (`max-age=60,
 *   Vary: Cookie`). Its
 *   first part goes out at once; the rest waits for the test's `release`,
 *   so a reader that gets nothing before the body ends never returns.
 * - The first of those requests of a cell answers 503 when `fail503` is set.
 * - `/r?to=PATH` redirects to PATH; `/login` sets `seen=1`; `/problem` is a
 *   404 with a JSON error body.
 */
import type * as http from "node:http"
import { Effect, Stream } from "effect"
import { MockHttp } from "effect-requests/testing"

export type Read = "whole" | "json" | "stream" | "lines" | "ndjson" | "sse" | "download" | "paginate" | "httpClient"

/** Finishes the bodies waiting for it; later bodies wait for the next release. */
export class Gate {
  private waiting: Array<() => void> = []
  wait(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve))
  }
  release(): void {
    for (const finish of this.waiting.splice(0)) finish()
  }
}

/** What the origin saw of one request. */
export interface Seen {
  readonly path: string
  readonly idempotencyKey: string | undefined
  /** What the cell's middleware wrote, when it has one: its attempt and hop. */
  readonly middleware: string | undefined
}

export interface Origin {
  readonly gate: Gate
  readonly seen: Array<Seen>
}

/** Who asked (the credential, Authorization or X-Api-Key, and the cookie), as the body tells it. */
export const whoOf = (headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>): string =>
  `${headers["authorization"] ?? headers["x-api-key"] ?? "-"}|${headers["cookie"] ?? "-"}`

/** The two parts of a body for a read mode, naming `who`. */
const parts = (read: Read, who: string): readonly [string, string] => {
  switch (read) {
    case "lines":
      return [`who=${who}\n`, "end\n"]
    case "ndjson":
      return [`${JSON.stringify({ who })}\n`, `${JSON.stringify({ who: "end" })}\n`]
    case "sse":
      return [`data: ${who}\n\n`, "data: end\n\n"]
    default:
      return [`{"who":${JSON.stringify(who)},`, "\"n\":2}"]
  }
}

interface Answer {
  readonly status: number
  readonly headers: Record<string, string>
  readonly body: readonly [string, string] | string
}

/** The origin's answer to one request (with `self`, its own origin, for Link headers). */
export const answer = (
  origin: Origin,
  read: Read,
  fail503: boolean,
  method: string,
  url: URL,
  headers: Readonly<Record<string, string | undefined>>,
  self: string
): Answer => {
  const path = url.pathname
  if (path === "/login") return { status: 200, headers: { "set-cookie": "seen=1; Path=/" }, body: "ok" }
  if (path === "/problem") return { status: 404, headers: { "content-type": "application/json" }, body: JSON.stringify({ message: "nope" }) }
  if (path === "/r") return { status: 302, headers: { location: url.searchParams.get("to") ?? "/" }, body: "" }
  origin.seen.push({ path, idempotencyKey: headers["idempotency-key"], middleware: headers["x-middleware"] })
  if (fail503 && origin.seen.length === 1) return { status: 503, headers: {}, body: "" }
  const who = whoOf(headers)
  const type = read === "sse" ? "text/event-stream" : read === "lines" || read === "ndjson" ? "text/plain" : "application/json"
  const base = { "content-type": type, "cache-control": "max-age=60", vary: "Cookie" }
  if (path === "/page1") return { status: 200, headers: { ...base, link: `<${self}/page2>; rel="next"` }, body: parts(read, who) }
  if (path === "/page2") return { status: 200, headers: base, body: parts(read, `${who}#2`).join("") }
  if (method === "HEAD") return { status: 200, headers: base, body: "" }
  return { status: 200, headers: base, body: parts(read, who) }
}

/** The origin on a loopback server. */
export const serverHandler = (origin: Origin, read: Read, fail503: boolean): http.RequestListener => (req, res) => {
  const url = new URL(req.url!, "http://127.0.0.1")
  const self = `http://127.0.0.1:${req.socket.localPort}`
  const { body, headers, status } = answer(origin, read, fail503, req.method!, url, req.headers as Record<string, string>, self)
  res.writeHead(status, headers)
  if (typeof body === "string") return void res.end(body)
  res.write(body[0])
  origin.gate.wait().then(() => res.end(body[1]))
}

const encoder = new TextEncoder()

/** The origin as MockHttp routes (any origin: `self` is the request's). */
export const mockLayer = (origin: Origin, read: Read, fail503: boolean) =>
  MockHttp.layer([
    MockHttp.any("*", (req) => {
      const url = new URL(req.url)
      const { body, headers, status } = answer(origin, read, fail503, req.method, url, req.headers, url.origin)
      if (typeof body === "string") return status === 302 ? MockHttp.redirect(headers.location!) : MockHttp.text(body, { status, headers })
      // Waiting from the moment the response is made, as the server's body does.
      const released = origin.gate.wait()
      const rest = Stream.fromEffect(Effect.promise(() => released)).pipe(Stream.map(() => encoder.encode(body[1])))
      return MockHttp.stream(Stream.concat(Stream.make(encoder.encode(body[0])), rest), { status, headers })
    })
  ])
