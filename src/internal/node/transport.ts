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
import { AbortableResponse } from "../abortableResponse.js"
import * as Deadline from "../deadline.js"
import * as Proxy from "../proxy.js"
import * as Decompress from "./decompress.js"

type Body = Exclude<Dispatcher.DispatchOptions["body"], undefined>

const nullBody = (status: number, method: string): boolean =>
  status === 204 || status === 205 || status === 304 || method === "HEAD"

const toHeaderPairs = (headers: Record<string, string | Array<string> | undefined>): Array<[string, string]> => {
  const out: Array<[string, string]> = []
  for (const name of Object.keys(headers)) {
    const value = headers[name]
    if (Array.isArray(value)) for (const item of value) out.push([name, item])
    else if (value !== undefined) out.push([name, value])
  }
  return out
}

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
    let sink: ReadableStreamDefaultController<Uint8Array> | undefined
    let responded = false
    let decoder: (Decompress.Decoding & { _tag: "Decode" }) | undefined
    const clearTimer = Deadline.startTimer(deadline, () => responded ? "body" : "headers", (reason) => {
      expired = reason
      controller?.abort(reason)
    })
    const push = (c: Dispatcher.DispatchController, chunk: Buffer) => {
      if (sink === undefined || chunk.length === 0) return
      try {
        sink.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
      } catch {
        return // the reader cancelled
      }
      // Backpressure: a full body stream stops the decoder (whose input then
      // backs up and pauses the socket) or the socket itself.
      if ((sink.desiredSize ?? 1) <= 0) {
        if (decoder !== undefined) decoder.last.pause()
        else c.pause()
      }
    }
    const close = () => {
      try {
        sink?.close()
      } catch {
        // cancelled or errored already
      }
    }
    const errorBody = (error: unknown) => {
      try {
        sink?.error(error)
      } catch {
        // the reader is gone already
      }
    }
    const abort = () => {
      clearTimer()
      controller?.abort(new Error("request interrupted"))
    }
    // Like fetch and requests, ask for compression unless told otherwise; the
    // decompress interceptor inflates it.
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
            responded = true
            const empty = nullBody(status, request.method)
            const decoding = empty ? undefined : Decompress.forEncoding(responseHeaders["content-encoding"])
            if (decoding?._tag === "Refused") {
              c.abort(new Error(decoding.reason))
              return fail(new Error(`response refused: ${decoding.reason}`))
            }
            const stream = empty
              ? null
              : new ReadableStream<Uint8Array>({
                start: (s) => {
                  sink = s
                },
                pull: () => {
                  if (decoder !== undefined) decoder.last.resume()
                  else c.resume()
                },
                cancel: () => {
                  if (decoder !== undefined) decoder.first.destroy()
                  c.abort(new Error("response body cancelled"))
                }
              }, { highWaterMark: 16 * 1024, size: (chunk) => chunk.byteLength })
            let shown = responseHeaders
            if (decoding?._tag === "Decode") {
              decoder = decoding
              const { "content-encoding": _encoding, "content-length": _length, ...rest } = responseHeaders
              shown = rest
              decoding.last.on("data", (chunk: Buffer) => push(c, chunk))
              decoding.last.on("end", () => close())
              decoding.last.on("error", (error) => {
                c.abort(error)
                errorBody(error)
              })
              decoding.first.on("drain", () => c.resume())
            }
            let response: Response
            try {
              response = new Response(stream, { status, headers: toHeaderPairs(shown) })
            } catch (cause) {
              c.abort(cause as Error)
              return fail(cause)
            }
            const abandon = () => {
              clearTimer()
              c.abort(new Error("response body abandoned"))
            }
            const explain = () => expired
            resume(Effect.succeed(new AbortableResponse(HttpClientResponse.fromWeb(request, response), abandon, clearTimer, explain)))
          },
          onResponseData: (c, chunk) => {
            if (decoder !== undefined) {
              if (!decoder.first.write(chunk)) c.pause()
            } else {
              push(c, chunk)
            }
          },
          onResponseEnd: () => {
            clearTimer()
            if (decoder !== undefined) decoder.first.end()
            else close()
          },
          onResponseError: (_c, error) => {
            clearTimer()
            if (!responded) return fail(error)
            decoder?.first.destroy()
            errorBody(error)
          }
        }
      )
    } catch (cause) {
      fail(cause)
    }
    return Effect.sync(abort)
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
    return Effect.flatMap(bodyOf(request), (body) => send(dispatcher, request, url, body, deadline))
  }, true)
