/**
 * `MockHttp.sse`: an event stream as a server sends one, resumable. Each
 * event has an id (its position, from 1, unless given); a request with
 * `Last-Event-ID` gets the events after that one; a request that has had
 * them all gets 204, which ends the client's stream (WHATWG HTML §9.2.3).
 *
 * @internal
 */
import * as Model from "./model.js"

/** Public through MockHttp. */
export interface SseEvent {
  readonly data: string
  readonly event?: string | undefined
  /** @default its position in the list, from "1" */
  readonly id?: string | undefined
  /** A reconnection delay in ms, sent as `retry:` with the event. */
  readonly retry?: number | undefined
}

/** Public through MockHttp. */
export interface SseOptions {
  /**
   * Events a connection sends before it is dropped (the body ends there),
   * so the client reconnects with `Last-Event-ID`.
   * @default every event left
   */
  readonly dropAfter?: number | undefined
  /** More response headers. */
  readonly headers?: Readonly<Record<string, string>> | undefined
}

const format = (event: SseEvent & { readonly id: string }): string => {
  let text = `id: ${event.id}\n`
  if (event.event !== undefined) text += `event: ${event.event}\n`
  if (event.retry !== undefined) text += `retry: ${event.retry}\n`
  for (const line of event.data.split(/\r\n|\r|\n/)) text += `data: ${line}\n`
  return `${text}\n`
}

/** @internal */
export const sse = (events: ReadonlyArray<string | SseEvent>, options: SseOptions = {}): Model.Handler<never> => {
  const numbered = events.map((event, i) => {
    const given = typeof event === "string" ? { data: event } : event
    return { ...given, id: given.id ?? String(i + 1) }
  })
  return (request) => {
    const last = request.headers["last-event-id"]
    // An id it never sent (or none) starts from the first event, as a server that does not know it would.
    const from = last === undefined ? 0 : numbered.findIndex((event) => event.id === last) + 1
    const left = numbered.slice(from)
    if (left.length === 0) return Model.reply(204, { ...options.headers }, undefined)
    const sent = options.dropAfter === undefined ? left : left.slice(0, Math.max(1, options.dropAfter))
    return Model.reply(200, { "content-type": "text/event-stream", "cache-control": "no-cache", ...options.headers }, sent.map(format).join(""))
  }
}
