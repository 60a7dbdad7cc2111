/**
 * Bodies as streams of lines and of NDJSON values, the RFC 8288 `Link`
 * header, and pagination as a stream of responses.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type * as Http from "../Http.js"
import * as HttpError from "../HttpError.js"
import { firstIssue } from "./decode.js"

const lineEnd = /\r\n|\r|\n/

/**
 * UTF-8 lines of a body, whatever the line ending (\n, \r\n or a lone \r),
 * split across chunk boundaries: a chunk that ends in \r waits for the next
 * one, which may start with the \n of the same \r\n.
 *
 * @internal
 */
export const lines = (body: Stream.Stream<Uint8Array, HttpError.HttpError>): Stream.Stream<string, HttpError.HttpError> =>
  Stream.suspend(() => {
    let pending = ""
    const split = Stream.mapConcat(body.pipe(Stream.decodeText()), (chunk) => {
      const text = pending + chunk
      const heldCr = text.endsWith("\r")
      const parts = (heldCr ? text.slice(0, -1) : text).split(lineEnd)
      pending = parts.pop()! + (heldCr ? "\r" : "")
      return parts
    })
    const rest = Stream.suspend(() => {
      const last = pending.endsWith("\r") ? pending.slice(0, -1) : pending
      return pending === "" ? Stream.empty : Stream.make(last)
    })
    return Stream.concat(split, rest)
  })

/** @internal */
export const ndjson = <A, I, R>(schema: Schema.Schema<A, I, R>) => {
  const decode = Schema.decodeUnknown(schema, { errors: "first" })
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
          json = JSON.parse(text)
        } catch (cause) {
          return Effect.fail(fail(index + 1, text, `not JSON: ${cause instanceof Error ? cause.message : String(cause)}`))
        }
        return Effect.mapError(decode(json), (error) => {
          const issue = firstIssue(error)
          return fail(index + 1, text, issue.message, issue.path)
        })
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
  Stream.paginateEffect({ request: first, page: 1 }, ({ request, page }) =>
    Effect.flatMap(request, (response) =>
      page >= maxPages
        ? Effect.succeed([response, Option.none()] as const)
        : Effect.map(next(response, page), (following) =>
          [response, Option.map(following, (request) => ({ request, page: page + 1 }))] as const)))
