/**
 * What the effect 4 HTTP client shapes differently from effect 3's (see
 * src/line/v3/client.ts): one error class whose `reason` is a class of its
 * own, and responses that also carry `url`, `upgrade` and `pipe`.
 *
 * Not part of the public API; not marked internal all the same, since
 * marking the header would strip the import it precedes from the
 * declarations that ship.
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { pipeArguments } from "effect/Pipeable"
import * as Redacted from "effect/Redacted"
import type * as Schema from "effect/Schema"
import * as Headers from "effect/http/Headers"
import * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as HttpIncomingMessage from "effect/http/HttpIncomingMessage"
import * as Url from "effect/http/Url"
import type * as UrlParams from "effect/http/UrlParams"
import type * as Tracer from "effect/Tracer"

/** Any error of the client. */
export type ClientError = HttpClientError.HttpClientError

/** What a response's body fails with. */
export type ResponseError = HttpClientError.HttpClientError

/** A parsed JSON body. */
export type Json = Schema.Json

/** The request could not be sent, or its connection broke before the headers. */
export const transportError = (request: HttpClientRequest.HttpClientRequest, cause: unknown): ClientError =>
  new HttpClientError.HttpClientError({ reason: new HttpClientError.TransportError({ request, cause }) })

/** The request's URL is not one the transport can send to. */
export const invalidUrlError = (request: HttpClientRequest.HttpClientRequest, cause: unknown): ClientError =>
  new HttpClientError.HttpClientError({ reason: new HttpClientError.InvalidUrlError({ request, cause }) })

/** The body broke after the headers arrived, or could not be parsed. */
export const bodyError = (
  request: HttpClientRequest.HttpClientRequest,
  response: HttpClientResponse.HttpClientResponse,
  cause: unknown
): ResponseError => new HttpClientError.HttpClientError({ reason: new HttpClientError.DecodeError({ request, response, cause }) })

/** What went wrong, as both lines can say it. */
export interface Described {
  readonly kind: "InvalidUrl" | "Encode" | "Transport" | "StatusCode" | "Decode" | "EmptyBody"
  readonly cause: unknown
  readonly description: string | undefined
  readonly response: HttpClientResponse.HttpClientResponse | undefined
}

const kinds = {
  TransportError: "Transport",
  EncodeError: "Encode",
  InvalidUrlError: "InvalidUrl",
  StatusCodeError: "StatusCode",
  DecodeError: "Decode",
  EmptyBodyError: "EmptyBody"
} as const

/** Reads a client error. */
export const describe = (error: ClientError): Described => {
  const reason = error.reason
  return {
    kind: kinds[reason._tag],
    cause: reason.cause,
    description: reason.description,
    response: "response" in reason ? reason.response : undefined
  }
}

/** Whether a value is an error of the client. */
export const isClientError = (u: unknown): u is ClientError => HttpClientError.isHttpClientError(u)

/**
 * What every response of ours carries for the client to accept it; the
 * body, headers and cookies are the subclass's.
 */
export abstract class ResponseBase {
  readonly [HttpClientResponse.TypeId]: typeof HttpClientResponse.TypeId = HttpClientResponse.TypeId
  readonly [HttpIncomingMessage.TypeId]: typeof HttpIncomingMessage.TypeId = HttpIncomingMessage.TypeId
  abstract readonly request: HttpClientRequest.HttpClientRequest

  /** The URL the response came from. */
  get url(): string {
    return this.request.url
  }

  /** Our transports speak HTTP only: no protocol upgrades. */
  get upgrade(): Effect.Effect<never, ClientError> {
    return Effect.fail(new HttpClientError.HttpClientError({
      reason: new HttpClientError.DecodeError({
        request: this.request,
        response: this as unknown as HttpClientResponse.HttpClientResponse,
        description: "effect-requests does not upgrade connections"
      })
    }))
  }

  pipe() {
    // eslint-disable-next-line prefer-rest-params
    return pipeArguments(this, arguments)
  }
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
  Object.getPrototypeOf(record) === HeadersProto ? record as Headers.Headers : Headers.fromRecordUnsafe(record)

/** `request` with `headers` as they are: no copy and no lower-casing, which `setHeaders` does for every header. */
export const withHeaders = (request: HttpClientRequest.HttpClientRequest, headers: Headers.Headers): HttpClientRequest.HttpClientRequest =>
  HttpClientRequest.updateHeaders(request, () => headers)

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
  record.traceparent = `00-${span.traceId.padStart(32, "0")}-${span.spanId}-${span.sampled ? "01" : "00"}`
  return record as Headers.Headers
}

/** `headers` with `extra` over them: one copy. */
export const addHeaders = (headers: Headers.Headers, extra: Headers.Headers): Headers.Headers =>
  Headers.merge(headers, extra)

/** A request's query parameters as name and value pairs. */
export const paramPairs = (params: UrlParams.UrlParams): ReadonlyArray<readonly [string, string]> =>
  params.params.map(([name, value]) => [name, typeof value === "string" ? value : Redacted.value(value)] as const)

/** The URL a request goes to, with its query and fragment, or why it has none. */
export const requestUrl = (request: HttpClientRequest.HttpClientRequest): URL | Error => {
  const url = Url.make(request.url, request.urlParams, Option.getOrUndefined(request.hash))
  return url._tag === "Success" ? url.success : new Error(String(url.failure))
}
