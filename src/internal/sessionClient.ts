/**
 * A session as a platform `HttpClient` (`session.httpClient`), so that code
 * written against the platform interface (generated API clients,
 * `HttpApiClient`) runs through the session's pipeline: its baseUrl rules,
 * headers, auth, middleware, cookies, retries, cache, limits, breaker,
 * timeouts and redirects.
 *
 * Every status is answered, as a platform client does: a status the
 * session retries is retried first, and the last response is handed back.
 * A failure without a response is the platform's `RequestError`, this
 * library's error its `cause` (`HttpError.fromPlatform` gives it back).
 *
 * @internal
 */
import * as Client from "#line/client"
import * as HttpClient from "#line/http/HttpClient"
import type * as HttpClientRequest from "#line/http/HttpClientRequest"
import * as HttpClientResponse from "#line/http/HttpClientResponse"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import type * as Http from "./types.js"
import * as HttpError from "../HttpError.js"
import * as PlatformCall from "./platformCall.js"
import { ERROR_BODY_LIMIT } from "./decode.js"
import { decodeText } from "./readBody.js"
import type { ResponseImpl } from "./response.js"
import { statusErrorOf } from "./execute.js"
import { hasNullBody } from "../core/status.js"

/** How the session sends a request: its pipeline, untyped by its errorBody. @internal */
export type Run = (
  method: Http.Method,
  url: string,
  options: Http.Options
) => Effect.Effect<Http.Response, unknown, HttpClient.HttpClient>

// A segment that a URL parser turns into a step up or nowhere: "..", ".",
// and their percent-encoded forms, which WHATWG parsing decodes.
const dotSegment = /^(?:\.|%2e){1,2}$/i

/**
 * Why a request's path cannot be sent, or undefined. Generated code puts
 * parameters into paths as they are (`/users/${username}`): a value of
 * `../admin` would walk the API's tree, so a dot segment is refused here,
 * where a path is a template's and never a user's relative reference.
 */
const pathProblem = (url: string): string | undefined => {
  const path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "").split(/[?#]/, 1)[0]!
  return path.split("/").some((segment) => dotSegment.test(segment))
    ? "a path segment is \".\" or \"..\" (a parameter put into the path as it is?): refused, so the request stays where its template put it"
    : undefined
}

/**
 * The StatusError of a call that answers every status: the whole body is
 * read (under maxBodySize and the attempt's deadline, as a caller's read
 * would be) and kept with the error, so that the response can be handed
 * back whole once the retries are over.
 */
const answer = (response: ResponseImpl, method: string): Effect.Effect<never, HttpError.HttpError> =>
  Effect.flatMap(response.bytes, (bytes) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const body = decodeText(bytes.subarray(0, ERROR_BODY_LIMIT), response.headers.get("content-type"))
      return Effect.fail(PlatformCall.attachAnswer(statusErrorOf(response, method, body, now), rebuilt(response, bytes)))
    }))

/** A platform response over bytes already read, with the response's status and headers. */
const rebuilt = (response: ResponseImpl, bytes: Uint8Array): HttpClientResponse.HttpClientResponse => {
  const raw = response.raw
  try {
    const body = hasNullBody(raw.status, raw.request.method) ? null : bytes as unknown as BodyInit
    return HttpClientResponse.fromWeb(raw.request, new Response(body, { status: raw.status, headers: raw.headers }))
  } catch {
    // A status the runtime's Response refuses (over 599): the raw one, its body read.
    return raw
  }
}

const failed = (request: HttpClientRequest.HttpClientRequest, error: unknown): Client.ClientError =>
  HttpError.isHttpError(error) && error._tag === "InvalidUrl" ? Client.invalidUrlError(request, error) : Client.transportError(request, error)

/** Sends one platform request through the session. @internal */
export const send = (
  run: Run,
  request: HttpClientRequest.HttpClientRequest
): Effect.Effect<HttpClientResponse.HttpClientResponse, Client.ClientError, HttpClient.HttpClient> => {
  const problem = pathProblem(request.url)
  if (problem !== undefined) {
    return Effect.fail(failed(request, new HttpError.InvalidUrl({ method: request.method, url: request.url, reason: problem })))
  }
  const options: PlatformCall.WithCall = {
    headers: request.headers,
    params: Client.paramPairs(request.urlParams) as ReadonlyArray<readonly [string, string]>,
    [PlatformCall.key]: { body: request.body, answer }
  }
  return Effect.matchEffect(run(request.method as Http.Method, request.url, options), {
    onSuccess: (response) => Effect.succeed(response.raw),
    onFailure: (error) => {
      const answered = PlatformCall.answerOf(error)
      return answered === undefined ? Effect.fail(failed(request, error)) : Effect.succeed(answered)
    }
  })
}
