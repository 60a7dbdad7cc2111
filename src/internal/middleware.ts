/**
 * A session's middleware around one send (Middleware.ts says what a user
 * may rely on). The chain runs the list outermost first; at its end the
 * request a middleware passes on is held to the rules the library's own
 * request kept, then sent.
 *
 * @internal
 */
import * as Client from "#line/client"
import * as Headers from "#line/http/Headers"
import type * as HttpClientRequest from "#line/http/HttpClientRequest"
import type * as HttpClientResponse from "#line/http/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as HttpError from "../HttpError.js"
import type * as Middleware from "../Middleware.js"
import { isSensitiveHeader, redactUrl } from "../core/redact.js"
import * as Url from "../core/url.js"
import { headerProblem } from "../core/validate.js"

type Send = (request: HttpClientRequest.HttpClientRequest, url: URL) => Effect.Effect<HttpClientResponse.HttpClientResponse, HttpError.HttpError>

/**
 * On a hop to another origin, the credential headers are the library's:
 * each as the request had it before any middleware ran, or absent.
 */
const withOwnCredentials = (
  request: HttpClientRequest.HttpClientRequest,
  original: HttpClientRequest.HttpClientRequest
): HttpClientRequest.HttpClientRequest => {
  let headers = request.headers
  for (const name of Object.keys(headers)) {
    if (isSensitiveHeader(name) && original.headers[name] === undefined) headers = Headers.remove(headers, name)
  }
  for (const name of Object.keys(original.headers)) {
    if (isSensitiveHeader(name) && headers[name] !== original.headers[name]) headers = Headers.set(headers, name, original.headers[name]!)
  }
  return headers === request.headers ? request : Client.withHeaders(request, headers)
}

/**
 * The request a middleware passed on, checked against the one the library
 * made for this hop: the same origin, under the base when that was, and
 * header values the session itself would send.
 */
const checked = (
  request: HttpClientRequest.HttpClientRequest,
  original: HttpClientRequest.HttpClientRequest,
  url: URL,
  info: Middleware.Info,
  base: Url.Base | undefined
): { readonly request: HttpClientRequest.HttpClientRequest; readonly url: URL } | HttpError.HttpError => {
  if (request === original) return { request, url }
  let target = url
  if (request.url !== original.url || request.urlParams !== original.urlParams || request.hash !== original.hash) {
    const parsed = Client.requestUrl(request)
    if (parsed instanceof Error) {
      return new HttpError.InvalidUrl({ method: request.method, url: redactUrl(request.url), reason: `a middleware made an invalid URL: ${parsed.message}` })
    }
    if (parsed.origin !== url.origin) {
      return new HttpError.InvalidRequest({
        method: request.method,
        url: url.href,
        reason: `a middleware may not send the request to another origin (${parsed.origin} instead of ${url.origin})`
      })
    }
    if (base !== undefined && Url.isUnder(base, url) && !Url.isUnder(base, parsed)) {
      return new HttpError.InvalidUrl({ method: request.method, url: parsed.href, reason: "a middleware moved the request outside the session's baseUrl" })
    }
    target = parsed
  }
  let out = request
  if (request.headers !== original.headers) {
    const problem = headerProblem(request.headers)
    if (problem !== undefined) return new HttpError.InvalidRequest({ method: request.method, url: target.href, reason: problem })
    if (info.crossOrigin) out = withOwnCredentials(request, original)
  }
  return { request: out, url: target }
}

/**
 * A response a middleware will not pass on (a 401 it answers by sending
 * again): its body read a little and dropped, so that its connection can
 * serve the resend, a large one cut rather than read whole.
 *
 * @internal
 */
export const dropBody = (response: HttpClientResponse.HttpClientResponse): Effect.Effect<void> =>
  Effect.ignore(Stream.runDrain(Stream.take(response.stream, 16)))

/**
 * One send through `middleware`: each in turn, then `send` with the
 * request the last one passed on, if it keeps the rules.
 *
 * @internal
 */
export const around = (
  middleware: ReadonlyArray<Middleware.Any>,
  request: HttpClientRequest.HttpClientRequest,
  info: Middleware.Info,
  base: Url.Base | undefined,
  send: Send
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpError.HttpError> => {
  const last = (passed: HttpClientRequest.HttpClientRequest) => {
    const ok = checked(passed, request, info.url, info, base)
    return HttpError.isHttpError(ok) ? Effect.fail(ok) : send(ok.request, ok.url)
  }
  const at = (index: number): Middleware.Next =>
    index === middleware.length
      ? last
      : (passed) => Effect.suspend(() => middleware[index]!(passed, at(index + 1), info)) as Effect.Effect<HttpClientResponse.HttpClientResponse, HttpError.HttpError>
  return at(0)(request)
}
