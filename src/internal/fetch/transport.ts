/**
 * The default transport: the runtime's `fetch` behind the transport seam
 * (no tracing span per request), with redirects left to the library
 * (`redirect: "manual"`) where the runtime shows them; a browser hides
 * them (an opaque redirect, no Location), so there fetch follows them and
 * the response says where it landed. Like the Node transport it keeps
 * the attempt's deadline with one timer, which aborts the fetch, and which
 * is cleared as soon as a read of the body ends.
 *
 * @internal
 */
import * as Headers from "#line/http/Headers"
import * as Client from "#line/client"
import type * as HttpClientRequest from "#line/http/HttpClientRequest"
import type * as HttpClientResponse from "#line/http/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Deadline from "../deadline.js"
import * as Interruption from "../interruption.js"
import * as Transport from "../transport.js"
import * as WireBody from "../wireBody.js"
import { FinalCause } from "../platformError.js"
import { declaredLength, isHeldWhole } from "../readBody.js"
import { FetchResponse } from "./response.js"

/**
 * fetch computes Content-Length from the body, and refuses a stale one; a
 * type the body's encoding decided goes on when the request names none.
 */
const headersOf = (request: HttpClientRequest.HttpClientRequest, wire: WireBody.Wire | undefined): Record<string, string> => {
  const contentType = wire?.contentType !== undefined && !("content-type" in request.headers) ? wire.contentType : undefined
  if (!("content-length" in request.headers) && contentType === undefined) return request.headers
  const { "content-length": _, ...rest } = request.headers
  return contentType === undefined ? rest : { ...rest, "content-type": contentType }
}

const BUFFER_AHEAD = 1024 * 1024

// A turn of the event loop: setImmediate where the runtime has it (Node,
// Bun, Deno), a zero timeout in browsers.
const nextTurn: (f: () => void) => void = typeof globalThis.setImmediate === "function"
  ? (f) => void globalThis.setImmediate(f)
  : (f) => void setTimeout(f, 0)

const ahead: QueuingStrategy<Uint8Array> = { highWaterMark: BUFFER_AHEAD, size: (chunk) => chunk.byteLength }

/**
 * The credentials mode a fetch is asked for (the fetch standard's
 * `RequestCredentials`, written out so that the types need no DOM lib).
 *
 * @internal
 */
export type Credentials = "omit" | "same-origin" | "include"

/** The fetch to call, the credentials mode to ask it for (none: fetch's own default), and who follows redirects. */
interface Runtime {
  readonly fetch: typeof globalThis.fetch
  readonly credentials: Credentials | undefined
  readonly redirects: Redirects
}

/** @internal */
export type Redirects = "library" | "runtime"

/**
 * Browsers (windows and workers) answer `redirect: "manual"` with an
 * opaque redirect whose Location scripts cannot read; Node, Bun, Deno and
 * edge runtimes show the redirect. Every browser's user agent starts with
 * "Mozilla/"; Node's is "Node.js/…", Deno's "Deno/…", Bun's "Bun/…".
 *
 * @internal
 */
export const runtimeRedirects = (): Redirects => {
  const agent = (globalThis as { navigator?: { userAgent?: unknown } }).navigator?.userAgent
  return typeof agent === "string" && agent.startsWith("Mozilla/") ? "runtime" : "library"
}

const opaqueRedirect = new FinalCause(
  "the runtime hid a redirect (an opaque redirect: no status, no Location), as browsers do; " +
    "use Http.layerWith({ redirects: \"runtime\" }) to let it follow them"
)

// The codings every fetch (Node, Bun, Deno, browsers) decodes before the body reaches us.
const fetchDecodes = new Set(["gzip", "x-gzip", "deflate", "br"])

/**
 * A record keeps one value per name, and fetch's Headers give each
 * Set-Cookie apart: all of them are joined, as Node's are, instead of the
 * last one alone.
 */
const withEverySetCookie = (received: Headers.Headers, runtime: globalThis.Headers): Headers.Headers => {
  if (received["set-cookie"] === undefined) return received
  const all = runtime.getSetCookie()
  return all.length > 1 ? Headers.set(received, "set-cookie", all.join(", ")) : received
}

const codingsOf = (headers: Headers.Headers): ReadonlyArray<string> =>
  (headers["content-encoding"] ?? "").toLowerCase().split(",").map((part) => part.trim()).filter((part) => part !== "" && part !== "identity")

/**
 * The headers as the body arrives: fetch has decoded a gzip/deflate/br body
 * (and a zstd one, where `zstdDecoded` says it did), so `Content-Encoding`
 * and `Content-Length` (the encoded size) no longer describe it, and
 * NodeHttp drops them too. A coding fetch may not know stays, and its body
 * comes as sent.
 */
const decodedByFetch = (headers: Headers.Headers, zstdDecoded: boolean): Headers.Headers => {
  const codings = codingsOf(headers)
  if (codings.length === 0) return headers
  if (!codings.every((part) => fetchDecodes.has(part) || (zstdDecoded && part === "zstd"))) return headers
  return Headers.remove(Headers.remove(headers, "content-encoding"), "content-length")
}

// Every zstd frame starts with these bytes (RFC 8878 §3.1.1, 0xFD2FB528 little-endian).
const zstdMagic = [0x28, 0xb5, 0x2f, 0xfd]

/**
 * Whether the runtime's fetch decoded a zstd body (Node 24's does, Node
 * 22's does not, and a fetch given to `layerWith` may or may not): its
 * first bytes tell. The body comes back whole, the first chunk included.
 */
const peekZstd = (body: ReadableStream<Uint8Array>): Promise<{ readonly body: ReadableStream<Uint8Array>; readonly decoded: boolean }> => {
  const reader = body.getReader()
  return reader.read().then((first) => {
    const chunk = first.done ? undefined : first.value
    const decoded = chunk === undefined || !zstdMagic.every((byte, i) => chunk[i] === byte)
    const whole = new ReadableStream<Uint8Array>({
      start: (controller) => {
        if (chunk !== undefined) controller.enqueue(chunk)
        if (first.done) controller.close()
      },
      pull: (controller) =>
        reader.read().then((next) => {
          if (next.done) controller.close()
          else controller.enqueue(next.value)
        }),
      cancel: (reason) => reader.cancel(reason)
    })
    return { body: whole, decoded }
  })
}

const send = (
  runtime: Runtime,
  request: HttpClientRequest.HttpClientRequest,
  url: URL,
  wire: WireBody.Wire | undefined,
  deadline: Deadline.Deadline | undefined,
  fiber: Interruption.Waiter | undefined
): Effect.Effect<HttpClientResponse.HttpClientResponse, Client.ClientError> =>
  Interruption.awaitOutcome(fiber, (settle) => {
    const controller = new AbortController()
    const attempt: { phase: "headers" | "body"; expire: (reason: Error) => void } = {
      phase: "headers",
      expire: (reason) => controller.abort(reason)
    }
    const timer = Deadline.startTimer(deadline, attempt)
    const clearTimer = () => clearTimeout(timer)
    const abort = () => {
      clearTimer()
      controller.abort()
    }
    // Only what differs from fetch's defaults: each key given is work in
    // the runtime's Request constructor (a method normalised, a body
    // extracted), even for "GET" or null.
    const init: RequestInit & { duplex?: "half" } = { headers: headersOf(request, wire), signal: controller.signal }
    if (runtime.redirects === "library") init.redirect = "manual"
    if (request.method !== "GET") init.method = request.method
    if (runtime.credentials !== undefined) init.credentials = runtime.credentials
    if (wire?.body !== undefined) {
      init.body = wire.body as BodyInit
      if (wire.body instanceof ReadableStream) init.duplex = "half"
    }
    const failed = (cause: unknown) => {
      clearTimer()
      const reason = controller.signal.aborted ? controller.signal.reason : cause
      settle(Exit.fail(Client.transportError(request, reason)))
    }
    const answered = (response: Response) => {
      if (response.type === "opaqueredirect") return failed(opaqueRedirect)
      attempt.phase = "body"
      // One pass over the runtime's Headers (each pass sorts them).
      const received = withEverySetCookie(Headers.fromInput(response.headers), response.headers)
      if (response.body !== null && codingsOf(received).includes("zstd")) {
        peekZstd(response.body).then(({ body, decoded }) => deliver(response, received, body, decoded)).catch(failed)
        return
      }
      deliver(response, received, undefined, false)
    }
    /** The response handed over, its body `body` when the transport had to read its start (else the source's). */
    const deliver = (response: Response, received: Headers.Headers, body: ReadableStream<Uint8Array> | undefined, zstdDecoded: boolean) => {
      const expired = () => controller.signal.aborted ? controller.signal.reason : undefined
      // The deadline ends when the body has arrived, read or not. An
      // uncompressed body of declared length up to BUFFER_AHEAD is read
      // ahead at once (it is bounded, and is what the caller reads next);
      // any other passes through a buffer (up to BUFFER_AHEAD) whose end
      // clears the timer.
      const length = declaredLength(received)
      const headers = decodedByFetch(received, zstdDecoded)
      const timed = Deadline.isTimed(deadline)
      const source = body ?? response.body
      // No new Response around the piped body: the runtime refuses one for
      // a status outside 200–599 or a null-body status with a body.
      const piped = !timed || source === null || (length !== undefined && length <= BUFFER_AHEAD)
        ? body
        : source.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({ flush: clearTimer }, undefined, ahead))
      const result = new FetchResponse(request, response, piped, headers, abort, clearTimer, expired)
      if (isHeldWhole(length) && response.body !== null) {
        // A small body has usually come with its headers: handed over with
        // it once read, or as it is after one turn of the event loop, to be
        // read as it comes (a stream reader gets each chunk as it arrives).
        let handed = false
        const handOver = () => {
          if (handed) return
          handed = true
          settle(Exit.succeed(result))
        }
        result.readAhead().then(handOver)
        nextTurn(handOver)
        return
      }
      if (piped === undefined && timed) result.readAhead()
      settle(Exit.succeed(result))
    }
    // Called without a receiver: a browser's fetch (the global one, or one a
    // user passed as `window.fetch`) throws "Illegal invocation" on any other.
    const fetch = runtime.fetch
    fetch(url.href, init).then(
      (response) => {
        // Whatever the runtime hands over, the request settles: a throw here
        // would leave the caller waiting on a fetch that has already ended.
        try {
          answered(response)
        } catch (cause) {
          // The failure first: once aborted, the signal's reason would stand in for it.
          failed(cause)
          abort()
        }
      },
      failed
    )
    return abort
  })

/** @internal */
export const make = (
  fetch?: typeof globalThis.fetch,
  credentials?: Credentials,
  redirects: Redirects = runtimeRedirects()
): Transport.Transport => {
  // The global one is looked up at each call: a test may replace it.
  const runtime: Runtime = { fetch: fetch ?? ((input, init) => globalThis.fetch(input, init)), credentials, redirects }
  return Transport.make((request, url, deadline, fiber) =>
    request.body._tag === "Empty"
      ? send(runtime, request, url, undefined, deadline, fiber)
      : Effect.flatMap(WireBody.encode(request.body), (wire) => send(runtime, request, url, wire, deadline, fiber)), { routesProxies: false, reportsUpload: false, sendsHost: false, clock: "runtime" })
}
