/**
 * Bodies as streams of lines and of NDJSON values, the RFC 8288 `Link`
 * header, and pagination as a stream of responses.
 *
 * @internal
 */
import * as Streams from "#line/stream"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Schemas from "#line/schema"
import * as Stream from "effect/Stream"
import type * as Http from "./types.js"
import * as HttpError from "../HttpError.js"
import { decoder, type Origin, parseJsonText } from "./decode.js"

const lineEnd = /\r\n|\r|\n/g

/**
 * UTF-8 lines of a body, whatever the line ending (\n, \r\n or a lone \r),
 * split across chunk boundaries: a chunk that ends in \r ends a line, and a
 * \n that starts the next chunk belongs to it. Each chunk is scanned once
 * and a line in progress is kept as pieces, so time is linear in the size
 * of the body however long a line is; a line longer than `maxLength` fails
 * the stream with a `DecodeError` instead of growing without bound.
 *
 * @internal
 */
export const lines = (
  body: Stream.Stream<Uint8Array, HttpError.HttpError>,
  maxLength: number,
  origin: Origin
): Stream.Stream<string, HttpError.HttpError> =>
  Stream.suspend(() => {
    let pieces: Array<string> = []
    let pending = 0
    let count = 0
    let skipLf = false
    const tooLong = () =>
      new HttpError.DecodeError({
        ...origin,
        issue: { path: [], message: `line ${count + 1} is longer than ${maxLength} characters (maxLineLength)` },
        body: pieces.join("").slice(0, 4096)
      })
    const take = (tail: string): string => {
      const line = pieces.length === 0 ? tail : pieces.join("") + tail
      pieces = []
      pending = 0
      count++
      return line
    }
    const split = Streams.flatMapIterable(body.pipe(Stream.decodeText()), (chunk) => {
      const out: Array<string> = []
      if (chunk === "") return Effect.succeed(out)
      let start = skipLf && chunk.startsWith("\n") ? 1 : 0
      skipLf = false
      lineEnd.lastIndex = start
      for (let match = lineEnd.exec(chunk); match !== null; match = lineEnd.exec(chunk)) {
        if (pending + match.index - start > maxLength) return Effect.fail(tooLong())
        out.push(take(chunk.slice(start, match.index)))
        start = match.index + match[0].length
        if (match[0] === "\r" && start === chunk.length) skipLf = true
      }
      if (start < chunk.length) {
        pieces.push(chunk.slice(start))
        pending += chunk.length - start
        if (pending > maxLength) return Effect.fail(tooLong())
      }
      return Effect.succeed(out)
    })
    const rest = Stream.suspend(() => pending === 0 ? Stream.empty : Stream.make(take("")))
    return Stream.concat(split, rest)
  })

/** @internal */
export const ndjson = <A, I, R>(schema: Schemas.Codec<A, I, R>) => {
  const decode = decoder(schema)
  return (response: Http.Response): Stream.Stream<A, HttpError.HttpError, R> => {
    const origin = { method: response.raw.request.method, url: response.url, status: response.status }
    const fail = (line: number, text: string, message: string, path: ReadonlyArray<PropertyKey> = []) =>
      new HttpError.DecodeError({ ...origin, issue: { path, message: `line ${line}: ${message}` }, body: text.slice(0, 4096) })
    return response.lines.pipe(
      Stream.zipWithIndex,
      Stream.filter(([text]) => text.trim() !== ""),
      Stream.mapEffect(([text, index]) => {
        let json: unknown
        try {
          json = parseJsonText(text)
        } catch (cause) {
          return Effect.fail(fail(index + 1, text, `not JSON: ${cause instanceof Error ? cause.message : String(cause)}`))
        }
        return Effect.mapError(decode(json), (issue) => fail(index + 1, text, issue.message, issue.path))
      })
    )
  }
}

/**
 * The target of the first `Link` entry with relation `rel` (RFC 8288),
 * resolved against the response's URL.
 *
 * @internal
 */
export const link = (response: Http.Response, rel: string): Option.Option<string> => {
  const header = response.headers.get("link")
  if (header === undefined) return Option.none()
  for (const entry of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(entry)
    if (match === null) continue
    const rels = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(match[2]!)
    const names = (rels?.[1] ?? rels?.[2] ?? "").toLowerCase().split(/\s+/)
    if (!names.includes(rel.toLowerCase())) continue
    try {
      return Option.some(new URL(match[1]!, response.url).href)
    } catch {
      return Option.none()
    }
  }
  return Option.none()
}

/** @internal */
export const paginate = <E, R>(
  first: Effect.Effect<Http.Response, E, R>,
  next: (response: Http.Response, page: number) => Effect.Effect<Option.Option<Effect.Effect<Http.Response, E, R>>, E, R>,
  maxPages: number
): Stream.Stream<Http.Response, E, R> =>
  Streams.paginate({ request: first, page: 1 }, ({ request, page }) =>
    Effect.flatMap(request, (response) =>
      page >= maxPages
        ? Effect.succeed([response, Option.none()] as const)
        : Effect.map(next(response, page), (following) =>
          [response, Option.map(following, (request) => ({ request, page: page + 1 }))] as const)))

/**
 * A `next` that may answer with a URL as well as a request: the URL,
 * resolved against the page that named it, is sent with `verb`.
 *
 * @internal
 */
export const urlsAsRequests = <Req extends Effect.Effect<Http.Response, any, any>, Next, E, R>(
  next: (response: Http.Response, page: number) => Effect.Effect<Option.Option<Next>, E, R>,
  verb: (url: string) => Http.Request
) =>
(response: Http.Response, page: number): Effect.Effect<Option.Option<Req | Http.Request>, E, R> =>
  Effect.map(next(response, page), Option.map((target) => Effect.isEffect(target) ? target as unknown as Req : verb(resolved(String(target), response.url))))

/** A URL against the one of the page that named it; as it is when it does not parse (the request then fails with InvalidUrl). */
const resolved = (target: string, base: string): string => {
  try {
    return new URL(target, base).href
  } catch {
    return target
  }
}

/**
 * Pagination's `next` that follows the `Link` header's `rel` with `verb`.
 *
 * @internal
 */
export const linkHeader = (rel: string, verb: (url: string) => Http.Request) =>
(response: Http.Response): Effect.Effect<Option.Option<Http.Request>> =>
  Effect.succeed(Option.map(link(response, rel), verb))

/**
 * Pagination's default `next`: the `Link` header's `rel` target.
 *
 * @internal
 */
export const nextLink = (rel: string) => (response: Http.Response): Effect.Effect<Option.Option<string>> =>
  Effect.succeed(link(response, rel))

/**
 * A session's pages: the first from `first`, then wherever `next` says. A
 * next URL in the session's scope (`inScope`, given the first page's URL)
 * is sent by the session; one outside it fails before anything is sent,
 * unless foreign links are allowed (then it goes out without the session's
 * credentials). Query `params` apply to the first page only: a next URL
 * carries its own query.
 *
 * @internal
 */
export const pages = <E, R>(
  first: (options: Http.Options) => Effect.Effect<Http.Response, E, R>,
  options: Http.PageOptions,
  send: (url: URL, options: Http.Options, scope: "session" | "foreign") => Effect.Effect<Http.Response, E, R>,
  inScope: (url: URL, firstUrl: string) => boolean
): Stream.Stream<Http.Response, E | HttpError.HttpError, R> =>
  Stream.suspend(() => {
    const { allowForeignLinks, maxPages, next, ...given } = options
    const { params: _, ...following } = given
    const findNext = next ?? nextLink("next")
    let firstUrl = ""
    return paginate<E | HttpError.HttpError, R>(first(given), (response, page) => {
      if (page === 1) firstUrl = response.url
      return Effect.flatMap(findNext(response, page), (target) => {
        if (Option.isNone(target)) return Effect.succeed(Option.none())
        // A request of the caller's is sent as it is, under its own session's rules.
        if (Effect.isEffect(target.value)) return Effect.succeed(Option.some(target.value as Effect.Effect<Http.Response, E, R>))
        let url: URL
        try {
          url = new URL(target.value, response.url)
        } catch {
          return Effect.fail(new HttpError.InvalidUrl({ method: "GET", url: String(target.value), reason: "next page: not a valid URL" }))
        }
        if (inScope(url, firstUrl)) return Effect.succeed(Option.some(send(url, following, "session")))
        if (allowForeignLinks === true) return Effect.succeed(Option.some(send(url, following, "foreign")))
        return Effect.fail(
          new HttpError.InvalidUrl({
            method: "GET",
            url: url.href,
            reason: "next page outside the session's scope (allowForeignLinks: true follows it, without the session's credentials)"
          })
        )
      })
    }, maxPages ?? 100)
  })
