/**
 * What the effect 3 HTTP client shapes differently from effect 4's: its
 * errors (two classes with a `reason` string, where effect 4 has one class
 * wrapping a reason class) and what a response must carry. Shared code
 * builds and reads client errors only through these functions, and our
 * responses extend `ResponseBase`.
 *
 * Not part of the public API; not marked internal all the same, since
 * marking the header would strip the import it precedes from the
 * declarations that ship.
 */
import * as Headers from "@effect/platform/Headers"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as HttpIncomingMessage from "@effect/platform/HttpIncomingMessage"
import * as UrlParams from "@effect/platform/UrlParams"
import type * as Tracer from "effect/Tracer"

/** Any error of the client. */
export type ClientError = HttpClientError.HttpClientError

/** What a response's body fails with. */
export type ResponseError = HttpClientError.ResponseError

/** A parsed JSON body. */
export type Json = unknown

/** The request could not be sent, or its connection broke before the headers. */
export const transportError = (request: HttpClientRequest.HttpClientRequest, cause: unknown): ClientError =>
  new HttpClientError.RequestError({ request, reason: "Transport", cause })

/** The request's URL is not one the transport can send to. */
export const invalidUrlError = (request: HttpClientRequest.HttpClientRequest, cause: unknown): ClientError =>
  new HttpClientError.RequestError({ request, reason: "InvalidUrl", cause })

/** The body broke after the headers arrived, or could not be parsed. */
export const bodyError = (
  request: HttpClientRequest.HttpClientRequest,
  response: HttpClientResponse.HttpClientResponse,
  cause: unknown
): ResponseError => new HttpClientError.ResponseError({ request, response, reason: "Decode", cause })

/** What went wrong, as both lines can say it. */
export interface Described {
  readonly kind: "InvalidUrl" | "Encode" | "Transport" | "StatusCode" | "Decode" | "EmptyBody"
  readonly cause: unknown
  readonly description: string | undefined
  readonly response: HttpClientResponse.HttpClientResponse | undefined
}

/** Reads a client error. */
export const describe = (error: ClientError): Described =>
  error._tag === "RequestError"
    ? { kind: error.reason, cause: error.cause, description: error.description, response: undefined }
    : { kind: error.reason, cause: error.cause, description: error.description, response: error.response }

/** Whether a value is an error of the client. */
export const isClientError = (u: unknown): u is ClientError => HttpClientError.isHttpClientError(u)

/**
 * What every response of ours carries for the client to accept it; the
 * body, headers and cookies are the subclass's.
 */
export abstract class ResponseBase {
  readonly [HttpClientResponse.TypeId]: HttpClientResponse.TypeId = HttpClientResponse.TypeId
  readonly [HttpIncomingMessage.TypeId]: HttpIncomingMessage.TypeId = HttpIncomingMessage.TypeId
}

const HeadersProto: object = Object.getPrototypeOf(Headers.empty)

/**
 * A record to fill with lower-case header names, which `headersFromRecord`
 * then takes as it is: giving a filled record its prototype afterwards
 * (`setPrototypeOf`) costs V8 three times the copy, and slows the reads.
 */
export const headersRecord = (): Record<string, string> => Object.create(HeadersProto)

/** Headers from a record whose names are already lower case. */
export const headersFromRecord = (record: Readonly<Record<string, string>>): Headers.Headers =>
  Object.getPrototypeOf(record) === HeadersProto ? record as Headers.Headers : Headers.unsafeFromRecord(record)

/**
 * `request` with `headers` as they are: no copy and no lower-casing, which
 * `setHeaders` does for every header each time (a third of a traced
 * send's own cost). Only effect 4 has `updateHeaders`; here the copy
 * `setMethod` makes is fresh and unseen, so giving it the headers is safe.
 */
export const withHeaders = (request: HttpClientRequest.HttpClientRequest, headers: Headers.Headers): HttpClientRequest.HttpClientRequest => {
  const copy = HttpClientRequest.setMethod(request, request.method)
  ;(copy as { headers: Headers.Headers }).headers = headers
  return copy
}

/**
 * `headers` with the W3C `traceparent` and b3 headers of `span` over them,
 * as the line's `HttpTraceContext.toHeaders` writes them, in one record:
 * merging that function's own record cost a traced send 2.5 µs, most of it
 * the `setPrototypeOf` it gives the record.
 */
export const withTraceHeaders = (headers: Headers.Headers, span: Tracer.Span): Headers.Headers => {
  const record = Object.assign(headersRecord(), headers)
  const parent = span.parent
  record.b3 = `${span.traceId}-${span.spanId}-${span.sampled ? "1" : "0"}${parent._tag === "Some" ? `-${parent.value.spanId}` : ""}`
  record.traceparent = `00-${span.traceId}-${span.spanId}-${span.sampled ? "01" : "00"}`
  return record as Headers.Headers
}

/** `headers` with `extra` over them: one copy. */
export const addHeaders = (headers: Headers.Headers, extra: Headers.Headers): Headers.Headers =>
  Headers.merge(headers, extra)

/** A request's query parameters as name and value pairs. */
export const paramPairs = (params: UrlParams.UrlParams): ReadonlyArray<readonly [string, string]> => params

/** The URL a request goes to, with its query and fragment, or why it has none. */
export const requestUrl = (request: HttpClientRequest.HttpClientRequest): URL | Error => {
  const url = UrlParams.makeUrl(request.url, request.urlParams, request.hash)
  return url._tag === "Right" ? url.right : url.left
}
