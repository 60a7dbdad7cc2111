/**
 * The mock transport: behind the transport seam like the real ones, it
 * records each request, finds its route and plays the route's response,
 * so that every verb, session, retry, redirect and timeout of the library
 * runs over it unchanged. The attempt's deadline is one timer on Effect's
 * Clock, which expires the phase the attempt is in, as the real
 * transports' timers do.
 *
 * @internal
 */
import * as Effects from "#line/effect"
import * as Headers from "#line/http/Headers"
import * as Client from "#line/client"
import type * as HttpClientRequest from "#line/http/HttpClientRequest"
import * as Clock from "effect/Clock"
import type * as Context from "effect/Context"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as Deadline from "../../deadline.js"
import * as Progress from "../../progress.js"
import { hasNullBody } from "../../../core/status.js"
import * as Transport from "../../transport.js"
import * as WireBody from "../../wireBody.js"
import type { Call, Handler, HeaderValues, MockRequest, MockResponse, Route } from "./model.js"
import { MockAttempt, type MockBody, MockResponse as MockResponseImpl } from "./response.js"
import * as Router from "./router.js"

const utf8 = new TextDecoder()

const queryOf = (url: URL): Record<string, string | ReadonlyArray<string>> => {
  const out: Record<string, string | Array<string>> = {}
  for (const [key, value] of url.searchParams) {
    const prev = out[key]
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value]
  }
  return out
}

const parseJson = (text: string): unknown => {
  try {
    return text === "" ? undefined : JSON.parse(text)
  } catch {
    return undefined
  }
}

const headerPairs = (headers: Readonly<Record<string, string | ReadonlyArray<string>>>): Array<[string, string]> =>
  Object.entries(headers).flatMap(([name, value]) =>
    typeof value === "string" ? [[name, value] as [string, string]] : value.map((item) => [name, item] as [string, string])
  )

/** What a reply plays as: status, headers and body, before the response is made of them. */
interface Played {
  readonly status: number
  readonly headers: HeaderValues
  readonly body: MockBody
}

const encoder = new TextEncoder()

const bodyOf = (reply: MockResponse & { _tag: "Reply" }, method: string): MockBody => {
  if (reply.body === undefined || hasNullBody(reply.status, method)) return undefined
  return typeof reply.body === "string" ? encoder.encode(reply.body) : reply.body
}

/**
 * The response made of what was played: header values as a runtime's
 * fetch would give them (repeated names joined, a string body labelled
 * text/plain when the route gave no type), Set-Cookie lines kept apart.
 */
const respond = (request: HttpClientRequest.HttpClientRequest, played: Played, attempt: MockAttempt): MockResponseImpl => {
  const web = new globalThis.Headers(headerPairs(played.headers))
  if (played.body instanceof Uint8Array && !web.has("content-type")) web.set("content-type", "text/plain;charset=UTF-8")
  return new MockResponseImpl(request, played.status, Headers.fromInput(web), web.getSetCookie(), played.body, attempt)
}

/** The mock transport, its record of calls, and how to start afresh. @internal */
export interface Mock {
  readonly transport: Transport.Transport
  readonly calls: () => ReadonlyArray<Call>
  /** Forgets the calls, sequence positions and `times` counts. */
  readonly clear: () => void
}

/** @internal */
export const make = <R>(routes: ReadonlyArray<Route<R>>, context: Context.Context<R>): Mock => {
  const compiled = routes.map(Router.compile)
  let recorded: Array<Call> = []
  let used = new Map<number, number>() // route index -> calls answered, for `times`
  let positions = new WeakMap<object, number>() // sequence -> next index

  /** What a handler gives, played. */
  const answerWith = (
    handler: Handler<R>,
    request: HttpClientRequest.HttpClientRequest,
    mockRequest: MockRequest
  ): Effect.Effect<Played, Client.ClientError> => {
    const given = typeof handler === "function" ? handler(mockRequest) : handler
    return Effect.isEffect(given)
      ? Effect.flatMap(Effect.provide(given, context), (response) => play(response, request, mockRequest))
      : play(given, request, mockRequest)
  }

  const play = (
    response: MockResponse,
    request: HttpClientRequest.HttpClientRequest,
    mockRequest: MockRequest
  ): Effect.Effect<Played, Client.ClientError> => {
    switch (response._tag) {
      case "Reply":
        if (response.status < 200 || response.status > 599) {
          return Effects.dieMessage(`MockHttp: status ${response.status} cannot be answered (200 to 599)`)
        }
        return Effect.succeed({ status: response.status, headers: response.headers, body: bodyOf(response, request.method) })
      case "ConnectionError":
        return Effect.fail(
          Client.transportError(request, Object.assign(new Error(`MockHttp connection error ${response.code}`), { code: response.code }))
        )
      case "Timeout":
        return Effect.never
      case "Delay":
        return Effect.andThen(Effect.sleep(response.duration), play(response.response, request, mockRequest))
      case "Reset":
        return Effect.succeed({
          status: response.status,
          headers: response.headers,
          body: Stream.concat(
            Stream.succeed(response.partial),
            Stream.fail(Object.assign(new Error("MockHttp connection reset"), { code: "ECONNRESET" }))
          )
        })
      case "Sequence": {
        const position = positions.get(response) ?? 0
        positions.set(response, position + 1)
        return answerWith(response.responses[Math.min(position, response.responses.length - 1)]!, request, mockRequest)
      }
      case "Times":
        return play(response.response, request, mockRequest)
    }
  }

  /** The route's answer to a request that has been recorded. */
  const answer = (
    request: HttpClientRequest.HttpClientRequest,
    url: URL,
    base: Omit<MockRequest, "params" | "query">
  ): Effect.Effect<Played, Client.ClientError> =>
    Effect.suspend(() => {
      for (let i = 0; i < compiled.length; i++) {
        const route = compiled[i]!
        if (route.route.method !== "*" && route.route.method !== request.method) continue
        const params = Router.matchPath(route as Router.Compiled<unknown>, url)
        if (params === undefined) continue
        const mockRequest: MockRequest = { ...base, params, query: queryOf(url) }
        if (!Router.matchExtras(route.route as Route<unknown>, mockRequest)) continue
        const handler = route.route.handler
        if (typeof handler !== "function" && handler._tag === "Times") {
          const count = used.get(i) ?? 0
          if (count >= handler.times) continue
          used.set(i, count + 1)
        }
        return answerWith(handler, request, mockRequest)
      }
      return Effects.dieMessage(Router.unmatched(compiled as ReadonlyArray<Router.Compiled<unknown>>, request.method, url))
    })

  const send: Transport.Send = (request, url, deadline) =>
    Effect.gen(function* () {
      // The mock reads an upload as a server would: in slices, reported.
      const body = deadline?.upload === undefined ? request.body : Progress.upload(request.body, deadline.upload)
      const text = utf8.decode(yield* WireBody.readAll(body))
      const base = { method: request.method, url: url.href, headers: { ...request.headers }, text, json: parseJson(text) }
      recorded.push({ ...base, at: yield* Clock.currentTimeMillis })
      const attempt = new MockAttempt()
      attempt.settle = yield* Deadline.startClockTimer(deadline, attempt)
      // The handler (its delays, its never-ending wait) is the headers phase.
      const played = yield* Effect.raceFirst(
        answer(request, url, base),
        Effect.mapError(Deferred.await(attempt.expired), (reason) =>
          Client.transportError(request, reason))
      ).pipe(Effect.onExit(() => Effect.sync(() => (attempt.phase = "body"))))
      // A body given whole arrives with its headers: the deadline is kept.
      if (played.body === undefined || played.body instanceof Uint8Array) attempt.settle()
      return respond(request, played, attempt)
    })

  // The mock is the whole network: a session's proxy has nowhere else to send to.
  return {
    transport: Transport.make(send, { routesProxies: true, reportsUpload: true, sendsHost: true, clock: "effect" }),
    calls: () => recorded.slice(),
    clear: () => {
      recorded = []
      used = new Map()
      positions = new WeakMap()
    }
  }
}
