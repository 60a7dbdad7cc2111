/**
 * The Node transport: a platform `HttpClient` made with `makeWith` directly
 * on undici's dispatch API. No AbortController, no tracing span and no
 * extra fiber per request; the handler's controller aborts on interruption,
 * and pauses the socket while the body stream is full (backpressure).
 *
 * @internal
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { Dispatcher } from "undici"
import * as Deadline from "../deadline.js"
import * as Proxy from "../proxy.js"
import * as Decompress from "./decompress.js"
import { NodeResponse } from "./response.js"

type Body = Exclude<Dispatcher.DispatchOptions["body"], undefined>

const nullBody = (status: number, method: string): boolean =>
  status === 204 || status === 205 || status === 304 || method === "HEAD"

const bodyOf = (
  request: HttpClientRequest.HttpClientRequest
): Effect.Effect<{ readonly body: Body; readonly contentType?: string | undefined }> => {
  const body = request.body
  switch (body._tag) {
    case "Empty":
      return Effect.succeed({ body: null })
    case "Uint8Array":
      return Effect.succeed({ body: body.body })
    case "Raw":
      return Effect.succeed({ body: body.body as Body })
    case "FormData":
      return Effect.sync(() => {
        // The runtime's FormData encoder writes the multipart body and its boundary.
        const encoded = new Response(body.formData)
        return { body: encoded.body as unknown as Body, contentType: encoded.headers.get("content-type") ?? undefined }
      })
    case "Stream":
      return Effect.map(Stream.toReadableStreamEffect(body.stream), (readable) => ({ body: readable as unknown as Body }))
  }
}

const noBody = { body: null }

const send = (
  dispatcher: Dispatcher,
  request: HttpClientRequest.HttpClientRequest,
  url: URL,
  body: { readonly body: Body; readonly contentType?: string | undefined },
  deadline: Deadline.Deadline | undefined
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError> =>
  Effect.async((resume) => {
    let controller: Dispatcher.DispatchController | undefined
    // One timer keeps the whole attempt's deadline, headers and body alike,
    // and is cleared the moment the body ends.
    let expired: Deadline.DeadlineExceeded | undefined
    let response: NodeResponse | undefined
    let decoder: (Decompress.Decoding & { _tag: "Decode" }) | undefined
    const clearTimer = Deadline.startTimer(deadline, () => response !== undefined ? "body" : "headers", (reason) => {
      expired = reason
      controller?.abort(reason)
    })
    const toBytes = (chunk: Buffer) => new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    // Like fetch and requests, ask for compression unless told otherwise.
    const headers: Record<string, string> = { "accept-encoding": "gzip, deflate, br", ...request.headers }
    if (body.contentType !== undefined) headers["content-type"] = body.contentType
    const fail = (cause: unknown) =>
      resume(Effect.fail(new HttpClientError.RequestError({ request, reason: "Transport", cause })))
    try {
      dispatcher.dispatch(
        { origin: url.origin, path: url.pathname + url.search, method: request.method as Dispatcher.HttpMethod, headers, body: body.body },
        {
          onRequestStart: (c) => {
            controller = c
            if (expired !== undefined) c.abort(expired)
          },
          onResponseStart: (c, status, responseHeaders) => {
            if (status < 200) return // 1xx informational: the real answer follows
            const empty = nullBody(status, request.method)
            const decoding = empty ? undefined : Decompress.forEncoding(responseHeaders["content-encoding"])
            if (decoding?._tag === "Refused") {
              c.abort(new Error(decoding.reason))
              return fail(new Error(`response refused: ${decoding.reason}`))
            }
            let shown = responseHeaders
            if (decoding?._tag === "Decode") {
              decoder = decoding
              const { "content-encoding": _encoding, "content-length": _length, ...rest } = responseHeaders
              shown = rest
            }
            // Backpressure: a full reader stops the decoder (whose input then
            // backs up and pauses the socket) or the socket itself.
            const source = {
              pause: () => decoder !== undefined ? decoder.last.pause() : c.pause(),
              resume: () => decoder !== undefined ? decoder.last.resume() : c.resume(),
              abort: (reason: Error) => {
                clearTimer()
                decoder?.first.destroy()
                c.abort(reason)
              },
              settle: clearTimer,
              aborted: () => expired
            }
            const current = new NodeResponse(request, status, shown, source, empty)
            response = current
            if (decoder !== undefined) {
              decoder.last.on("data", (chunk: Buffer) => current.push(toBytes(chunk)))
              decoder.last.on("end", () => current.end())
              decoder.last.on("error", (error) => {
                c.abort(error)
                current.fail(error)
              })
              decoder.first.on("drain", () => c.resume())
            }
            resume(Effect.succeed(current))
          },
          onResponseData: (c, chunk) => {
            if (decoder !== undefined) {
              if (!decoder.first.write(chunk)) c.pause()
            } else {
              response?.push(toBytes(chunk))
            }
          },
          onResponseEnd: () => {
            clearTimer()
            if (decoder !== undefined) decoder.first.end()
            else response?.end()
          },
          onResponseError: (_c, error) => {
            clearTimer()
            if (response === undefined) return fail(expired ?? error)
            decoder?.first.destroy()
            response.fail(error)
          }
        }
      )
    } catch (cause) {
      fail(cause)
    }
    return Effect.sync(() => {
      clearTimer()
      controller?.abort(new Error("request interrupted"))
    })
  })

/**
 * The client over `direct`; a request of a session with a proxy goes through
 * `viaProxy(route)` unless its host is in the route's bypass list.
 *
 * @internal
 */
export const make = (direct: Dispatcher, viaProxy: (route: Proxy.Route) => Dispatcher): HttpClient.HttpClient =>
  Deadline.makeClient((request, url, deadline) => {
    const proxy = deadline?.proxy
    const dispatcher = proxy === undefined || Proxy.bypasses(proxy, url) ? direct : viaProxy(proxy)
    // Most requests have no body: no step to compute one.
    return request.body._tag === "Empty"
      ? send(dispatcher, request, url, noBody, deadline)
      : Effect.flatMap(bodyOf(request), (body) => send(dispatcher, request, url, body, deadline))
  }, true)
