/**
 * Bodies that arrive over time: NDJSON, pagination, Server-Sent Events and
 * downloads to a file. Part of the `Http` namespace.
 *
 * @since 0.1.0
 */
import type * as Effects from "#line/effect"
import type * as FileSystem from "#line/platform/FileSystem"
import type * as HttpClient from "#line/http/HttpClient"
import type * as PlatformError from "#line/platform/PlatformError"
import type * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import type * as Schemas from "#line/schema"
import type * as Stream from "effect/Stream"
import type * as HttpError from "./HttpError.js"
import type { Options } from "./HttpOptions.js"
import type { Response } from "./HttpResponse.js"
import { get, request, type Request } from "./HttpSession.js"
import * as DownloadFile from "./internal/download.js"
import * as Sse from "./internal/sse.js"
import * as streaming from "./internal/streaming.js"
import type * as Types from "./internal/types/streaming.js"

/**
 * A stream of the values of an NDJSON body, each decoded with the schema;
 * blank lines are skipped, and a bad line is a `DecodeError` naming its
 * line number.
 *
 * @example
 * ```ts
 * import { Effect, Schema, Stream } from "effect"
 * import { Http } from "effect-requests"
 *
 * const Event = Schema.Struct({ id: Schema.Number })
 * const ids = Http.get("http://127.0.0.1:8080/stream/3").pipe(
 *   Effect.map(Http.ndjson(Event)),
 *   Stream.unwrap,
 *   Stream.map((event) => event.id),
 *   Stream.runCollect
 * )
 * ```
 *
 * @since 0.1.0
 * @category streaming
 */
export const ndjson: <A, I, R>(
  schema: Schemas.Codec<A, I, R>
) => (response: Response) => Stream.Stream<A, HttpError.HttpError, R> = streaming.ndjson

/**
 * The URL of a `Link` header entry (RFC 8288) with relation `rel`, resolved
 * against the response's URL.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 *
 * const nextPage = Http.get("https://api.github.com/repos/effect-ts/effect/issues").pipe(
 *   Effect.map((res) => Http.link(res, "next"))
 * )
 * ```
 *
 * @since 0.1.0
 * @category streaming
 */
export const link: (response: Response, rel: string) => Option.Option<string> = streaming.link

/**
 * Options of `Http.paginate`.
 *
 * @example
 * ```ts
 * import { Effect, Option } from "effect"
 * import { Http } from "effect-requests"
 *
 * const options: Http.PaginateOptions<Http.Request> = {
 *   next: (res) => Effect.succeed(Option.map(Http.link(res, "next"), (url) => Http.get(url))),
 *   maxPages: 10
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface PaginateOptions<Req extends Effect.Effect<Response, any, any>, Next extends Req | string | URL = Req>
  extends Types.PaginateOptions<Req, Next>
{}

/** What a `next` answer is sent as: a request as it is, a URL with `Http.get`. */
type Sent<Next> = Next extends Effect.Effect<Response, any, any> ? Next : Request

/**
 * The pages of a listing as a stream of responses: `first`, then whatever
 * `next` asks for, until it asks for nothing or `maxPages` is reached. Each
 * page is an ordinary request, so sessions, retries and timeouts apply.
 *
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { Http } from "effect-requests"
 *
 * const pages = Http.paginate(Http.get("https://api.github.com/repos/effect-ts/effect/issues"), {
 *   next: Http.nextLink("next"),
 *   maxPages: 5
 * }).pipe(Stream.mapEffect((res) => res.json), Stream.runCollect)
 * ```
 *
 * @since 0.1.0
 * @category streaming
 */
export const paginate = <Req extends Effect.Effect<Response, any, any>, Next extends Req | string | URL = Req>(
  first: Req,
  options: PaginateOptions<Req, Next>
): Stream.Stream<Response, Effects.ErrorOf<Req | Sent<Next>>, Effects.ContextOf<Req | Sent<Next>>> =>
  streaming.paginate(first, streaming.urlsAsRequests(options.next, get), options.maxPages ?? 100)

/**
 * A `next` for `Http.paginate` that follows the `Link` header entry with
 * relation `rel` (`"next"` for GitHub-style APIs), with `Http.get` or the
 * verb given (a session's, say).
 *
 * @deprecated Use `Http.nextLink(rel)`: both `paginate`s take the URL it
 * gives (`Http.paginate` sends it with `Http.get`, a session with itself).
 *
 * @example
 * ```ts
 * import { Http } from "effect-requests"
 *
 * const api = Http.make({ allowAbsoluteUrls: true, headers: { accept: "application/json" } })
 * const next = Http.linkHeader("next", (url) => api.get(url))
 * ```
 *
 * @since 0.1.0
 * @category streaming
 */
export const linkHeader: (
  rel: string,
  verb?: (url: string) => Request
) => (response: Response) => Effect.Effect<Option.Option<Request>> = (rel, verb = get) => streaming.linkHeader(rel, verb)

/**
 * A Server-Sent Event.
 *
 * @example
 * ```ts
 * import { Http } from "effect-requests"
 *
 * const describe = (e: Http.SseEvent) => `${e.event} #${e.id}: ${e.data}`
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface SseEvent extends Types.SseEvent {}

/**
 * Options of `Http.sse`: a request's options, plus how to resume.
 *
 * @example
 * ```ts
 * import { Http, Retry } from "effect-requests"
 *
 * const options: Http.SseOptions = { lastEventId: "41", maxReconnects: 10, backoff: Retry.policy({ base: "1 second" }) }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface SseOptions extends Types.SseOptions {}

/**
 * Server-Sent Events as a stream. After a dropped connection (or the
 * server closing it) it reconnects with `Last-Event-ID`, after the server's
 * `retry:` delay or the backoff; a 204 from the server ends it. The
 * server's `retry:` is held between 250 ms and 5 minutes (a `retry: 0`
 * would reconnect hundreds of times a second, and a delay past a timer's
 * range would never end). An `id:` that cannot be sent back as a header
 * (a control character, or one above U+00FF) is ignored, as one with NUL
 * is by the standard. Until a first connection has opened, it gives up
 * after the backoff's retries, like a request.
 *
 * In a browser, across origins, the requests it sends (`Accept`,
 * `Cache-Control: no-cache`, and `Last-Event-ID` on a reconnection) need a
 * CORS preflight: the server must answer it with
 * `Access-Control-Allow-Headers: cache-control, last-event-id`.
 *
 * @example
 * ```ts
 * import { Effect, Schema, Stream } from "effect"
 * import { Http } from "effect-requests"
 *
 * const Tick = Schema.Struct({ n: Schema.Number })
 * const ticks = Http.sse("http://127.0.0.1:8080/sse?count=3").pipe(
 *   Stream.mapEffect(Http.decodeEvent(Tick)),
 *   Stream.runCollect
 * )
 * ```
 *
 * @since 0.1.0
 * @category streaming
 */
export const sse = (
  url: string | URL,
  options: SseOptions = {}
): Stream.Stream<SseEvent, HttpError.HttpError, HttpClient.HttpClient> =>
  Sse.open(request, url, options)

/**
 * Decodes an event's `data` as JSON with a schema, for `Stream.mapEffect`.
 *
 * @example
 * ```ts
 * import { Schema, Stream } from "effect"
 * import { Http } from "effect-requests"
 *
 * const prices = Http.sse("http://127.0.0.1:8080/sse").pipe(
 *   Stream.mapEffect(Http.decodeEvent(Schema.Struct({ n: Schema.Number })))
 * )
 * ```
 *
 * @since 0.1.0
 * @category streaming
 */
export const decodeEvent: <A, I, R>(
  schema: Schemas.Codec<A, I, R>
) => (event: SseEvent) => Effect.Effect<A, HttpError.DecodeError, R> = Sse.decodeData

/**
 * Downloads a URL to a file, streaming (the body is never held in memory),
 * through the platform's `FileSystem` (effect 4's `effect/FileSystem`, effect 3's `@effect/platform`); `onProgress` reports as it goes.
 *
 * @example
 * ```ts
 * import { Console, Effect } from "effect"
 * import { Http } from "effect-requests"
 *
 * const program = Http.download("http://127.0.0.1:8080/bytes/65536", "/tmp/blob.bin", {
 *   onProgress: (p) => Console.log(`${p.percent?.toFixed(0)}%`)
 * })
 * ```
 *
 * @since 0.1.0
 * @category streaming
 */
export const download = (
  url: string | URL,
  path: string,
  options: Options = {}
): Effect.Effect<Download, HttpError.HttpError | PlatformError.PlatformError, HttpClient.HttpClient | FileSystem.FileSystem> =>
  DownloadFile.toFile(get(url, options), path)

/**
 * What `download` wrote: the file, its size and the response.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 *
 * const size = Http.download("http://127.0.0.1:8080/bytes/1024", "/tmp/b.bin").pipe(
 *   Effect.map((done: Http.Download) => done.bytes)
 * )
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Download extends Types.Download {}

/**
 * Options of `session.paginate`: how to find the next page, how many pages
 * at most, whether a next page outside the session's scope is followed,
 * and the options of every page's request.
 *
 * @example
 * ```ts
 * import { Effect, Option, Schema, Stream } from "effect"
 * import { Auth, Http } from "effect-requests"
 *
 * const api = Http.make({ baseUrl: "http://127.0.0.1:8080/", auth: Auth.bearer("t") })
 * const Page = Schema.Struct({ next: Schema.optional(Schema.String) })
 * const byCursor: Http.PageOptions = {
 *   next: (res) => Effect.map(res.decode(Page), (page) => page.next === undefined ? Option.none() : Option.some(page.next)),
 *   maxPages: 10
 * }
 * const all = api.paginate("items", byCursor).pipe(Stream.runCollect)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface PageOptions extends Types.PageOptions {}

/**
 * The one `next` for a `Link` header, in `Http.paginate` and
 * `session.paginate` alike (the session's default): the target of the
 * header's `rel` entry (`"next"` unless told otherwise), as a URL.
 *
 * @example
 * ```ts
 * import { Stream } from "effect"
 * import { Http } from "effect-requests"
 *
 * const api = Http.make({ baseUrl: "http://127.0.0.1:8080/" })
 * const pages = api.paginate("links/3/0", { next: Http.nextLink("next") }).pipe(Stream.runCount)
 * ```
 *
 * @since 0.1.0
 * @category streaming
 */
export const nextLink: (rel?: string) => (response: Response) => Effect.Effect<Option.Option<string>> = (rel = "next") =>
  streaming.nextLink(rel)
