/**
 * A response and a request, as the library's internals see them. Public
 * through `Http` (HttpResponse.ts, HttpSession.ts), so nothing here is
 * marked internal.
 */
import type * as HttpClient from "#line/http/HttpClient"
import type * as HttpClientResponse from "#line/http/HttpClientResponse"
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import type * as Schemas from "#line/schema"
import type * as Stream from "effect/Stream"
import type * as HttpError from "../../HttpError.js"

export interface ResponseHeaders extends Iterable<[string, string]> {
  /** The value of a header, whatever the case of `name`. */
  get(name: string): string | undefined
  has(name: string): boolean
  /** The headers as a record with lower-case names. */
  readonly record: Readonly<Record<string, string>>
}

export interface Response {
  readonly status: number
  readonly statusText: string
  /** Whether the status is 200–299. */
  readonly ok: boolean
  readonly headers: ResponseHeaders
  /** The final URL, after redirects. */
  readonly url: string
  /** The URLs that redirects led to, in order. */
  readonly redirects: ReadonlyArray<string>
  /**
   * The cookies this response sets, name to value, from all its
   * `Set-Cookie` headers (like requests' `r.cookies`). The session's jar,
   * if it has one, holds what it kept of them.
   */
  readonly cookies: Readonly<Record<string, string>>
  /**
   * The redirect responses that led here, oldest first, like requests'
   * `r.history`: each hop's URL, status and headers (their bodies are not
   * kept). Printed, their URLs and secret headers are redacted. Empty when
   * nothing redirected, or when a browser's fetch followed the redirects
   * itself (it tells only where they led: `redirects`).
   */
  readonly history: ReadonlyArray<Redirected>
  /**
   * How long this response took, from its request's send to its headers,
   * by Effect's Clock (so TestClock governs it), like requests' `r.elapsed`:
   * the last hop's, not the redirects' or earlier attempts'. Zero for a
   * response from the cache.
   */
  readonly elapsed: Duration.Duration
  /**
   * The HTTP version the response came over, where the transport says:
   * `NodeHttp.layer` gives `"2"` over HTTP/2 (`allowH2`) and `"1.1"` over
   * HTTP/1 (undici does not report a 1.0 server apart); fetch never says
   * (undefined), nor do MockHttp and other platform clients.
   */
  readonly httpVersion: "1.1" | "2" | undefined
  readonly text: Effect.Effect<string, HttpError.BodyError>
  readonly json: Effect.Effect<unknown, HttpError.BodyError>
  readonly bytes: Effect.Effect<Uint8Array, HttpError.BodyError>
  /** The body as it arrives; not bounded by `maxBodySize` or the timeout. */
  readonly stream: Stream.Stream<Uint8Array, HttpError.BodyError>
  /** The body as UTF-8 lines (any line ending), as it arrives. */
  readonly lines: Stream.Stream<string, HttpError.BodyError>
  decode<A, I, R>(schema: Schemas.Codec<A, I, R>): Effect.Effect<A, HttpError.BodyError, R>
  /** The @effect/platform response underneath. */
  readonly raw: HttpClientResponse.HttpClientResponse
  /** How a session with `cache` answered: undefined when it has none. */
  readonly cache: CacheStatus | undefined
}

/** One redirect response of a chain (see `Response.history`). */
export interface Redirected {
  /** The URL that answered with the redirect. */
  readonly url: string
  readonly status: number
  readonly statusText: string
  readonly headers: ResponseHeaders
  readonly elapsed: Duration.Duration
}

export type CacheStatus = "hit" | "miss" | "revalidated" | "stale"

export type Request = Effect.Effect<Response, HttpError.HttpError, HttpClient.HttpClient>
