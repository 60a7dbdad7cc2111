/**
 * Pagination and Server-Sent Events. Public through `Http`
 * (HttpStreaming.ts), so nothing here is marked internal.
 */
import type * as Effects from "#line/effect"
import type * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import type * as Retry from "../../Retry.js"
import type { Options } from "./options.js"
import type { Request, Response } from "./response.js"
import type * as HttpError from "../../HttpError.js"

export interface PaginateOptions<Req extends Effect.Effect<Response, any, any>, Next extends Req | string | URL = Req> {
  /**
   * The page after this one, or none at the end: its URL (absolute, or
   * relative to this page; sent with `Http.get`) or the request for it.
   * Follow a `Link` header (`Http.nextLink()`), a cursor from the decoded
   * body, or a page number. The same `next` works in `session.paginate`.
   */
  readonly next: (
    response: Response,
    page: number
  ) => Effect.Effect<Option.Option<Next>, Effects.ErrorOf<Req>, Effects.ContextOf<Req>>
  /**
   * The most pages to fetch.
   * @default 100 — enough for a real listing, a stop for a server that links a page to itself.
   */
  readonly maxPages?: number | undefined
}

export interface SseEvent {
  /** The last event id the stream has set, as the spec defines it. */
  readonly id: string | undefined
  /** `"message"` unless the server named it. */
  readonly event: string
  /** The data lines, joined with "\n". */
  readonly data: string
  /** The server's reconnection delay in milliseconds, if it sent one. */
  readonly retry: number | undefined
}

export interface SseOptions extends Options {
  /**
   * Resume after this event id (sent as `Last-Event-ID`).
   * @default none
   */
  readonly lastEventId?: string | undefined
  /**
   * Reconnections in a row without an event in between before giving up
   * (the last error is the stream's error). Until a connection has opened
   * once, at most `backoff.times` of them: a stream that never connects
   * fails like a request would.
   * @default Infinity — an event stream is meant to outlive outages
   */
  readonly maxReconnects?: number | undefined
  /**
   * The backoff between reconnections when the server sent no `retry:`.
   * @default Retry.policy()
   */
  readonly backoff?: Retry.Policy | undefined
  /**
   * The largest event assembled, in characters of its `data` (its lines
   * and the newlines joining them); a larger one fails the stream with a
   * `DecodeError`. `maxLineLength` bounds one line; this bounds an event
   * made of many short ones.
   * @default the session's `maxEventSize`, else 1048576 (1 Mi characters)
   */
  readonly maxEventSize?: number | undefined
}

export interface PageOptions extends Options {
  /**
   * The page after `response`, or none at the end: its URL (absolute, or
   * relative to it), held to the session's scope below, or a request you
   * made (sent as it is, under its own session's rules). The same `next`
   * works in `Http.paginate`.
   * @default the `Link` header's `rel="next"` (`Http.nextLink("next")`)
   */
  readonly next?:
    | ((response: Response, page: number) => Effect.Effect<Option.Option<string | URL | Request>, HttpError.HttpError>)
    | undefined
  /**
   * The most pages to fetch.
   * @default 100 — enough for a real listing, a stop for a server that links a page to itself.
   */
  readonly maxPages?: number | undefined
  /**
   * Follow a next URL outside the session's scope, sent without the
   * session's credentials (`Authorization`, `Cookie`, `Proxy-Authorization`, API-key headers),
   * as a redirect to another origin is.
   * @default false — a Link header does not choose where the token goes
   */
  readonly allowForeignLinks?: boolean | undefined
}

export interface Download {
  /** The file written. */
  readonly path: string
  /** How many bytes were written to it. */
  readonly bytes: number
  readonly response: Response
}
