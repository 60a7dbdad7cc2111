/**
 * The mock transport: an `HttpClient.make` client that records each
 * request, finds its route and plays the route's response, so that every
 * verb, session, retry and redirect of the library runs over it unchanged.
 *
 * @internal
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { Call, MockRequest, MockResponse, Route } from "./model.js"
import * as Deadline from "../../deadline.js"
import { hasNullBody } from "../../status.js"
import * as Router from "./router.js"

const utf8 = new TextDecoder()

const bodyText = (request: HttpClientRequest.HttpClientRequest): Effect.Effect<string> => {
  const body = request.body
  switch (body._tag) {
    case "Empty":
      return Effect.succeed("")
    case "Uint8Array":
      return Effect.succeed(utf8.decode(body.body))
    case "Raw": {
      const raw = body.body
      if (raw instanceof Blob) return Effect.promise(() => raw.text())
      return Effect.succeed(typeof raw === "string" ? raw : raw instanceof Uint8Array ? utf8.decode(raw) : String(raw))
    }
    case "FormData":
      return Effect.promise(() => new Response(body.formData).text())
    case "Stream":
      return Stream.runCollect(body.stream).pipe(
        Effect.map((chunks) => Chunk.toReadonlyArray(chunks).map((chunk) => utf8.decode(chunk, { stream: true })).join("")),
        Effect.orDie
      )
  }
}

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

const webBody = (body: MockResponse & { _tag: "Reply" }): BodyInit | null => {
  // The method is left out: a mock answers HEAD with the body a handler gave, and the response drops it.
  if (body.body === undefined || hasNullBody(body.status, "")) return null
  if (typeof body.body === "string" || body.body instanceof Uint8Array) return body.body as BodyInit
  return Stream.toReadableStream(body.body as Stream.Stream<Uint8Array>)
}

/** The mock transport's client and its record of calls. @internal */
export interface Mock {
  readonly client: HttpClient.HttpClient
  readonly calls: () => ReadonlyArray<Call>
}

/** @internal */
export const make = <R>(routes: ReadonlyArray<Route<R>>, context: Context.Context<R>): Mock => {
  const compiled = routes.map(Router.compile)
  const recorded: Array<Call> = []
  const used = new Map<number, number>() // route index -> calls answered, for `times`
  const positions = new WeakMap<object, number>() // sequence -> next index

  const play = (
    response: MockResponse,
    request: HttpClientRequest.HttpClientRequest
  ): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError> => {
    switch (response._tag) {
      case "Reply":
        if (response.status < 200 || response.status > 599) {
          return Effect.dieMessage(`MockHttp: status ${response.status} cannot be answered (200 to 599)`)
        }
        return Effect.sync(() =>
          HttpClientResponse.fromWeb(request, new Response(webBody(response), { status: response.status, headers: headerPairs(response.headers) }))
        )
      case "ConnectionError":
        return Effect.fail(
          new HttpClientError.RequestError({
            request,
            reason: "Transport",
            cause: Object.assign(new Error(`MockHttp connection error ${response.code}`), { code: response.code })
          })
        )
      case "Timeout":
        return Effect.never
      case "Delay":
        return Effect.zipRight(Effect.sleep(response.duration), play(response.response, request))
      case "Reset":
        return Effect.sync(() => {
          const stream = new ReadableStream<Uint8Array>({
            start: (controller) => {
              controller.enqueue(response.partial)
              controller.error(Object.assign(new Error("MockHttp connection reset"), { code: "ECONNRESET" }))
            }
          })
          return HttpClientResponse.fromWeb(request, new Response(stream, { status: response.status, headers: headerPairs(response.headers) }))
        })
      case "Sequence": {
        const position = positions.get(response) ?? 0
        positions.set(response, position + 1)
        return play(response.responses[Math.min(position, response.responses.length - 1)]!, request)
      }
      case "Times":
        return play(response.response, request)
    }
  }

  const client = HttpClient.make((request, url) =>
    Effect.gen(function* () {
      const text = yield* bodyText(request)
      const headers = { ...request.headers }
      const base = { method: request.method, url: url.href, headers, text, json: parseJson(text) }
      recorded.push({ ...base, at: yield* Clock.currentTimeMillis })
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
        const answer = typeof handler === "function" ? handler(mockRequest) : handler
        const response = Effect.isEffect(answer) ? yield* Effect.provide(answer, context) : answer
        return yield* play(response, request)
      }
      return yield* Effect.dieMessage(Router.unmatched(compiled as ReadonlyArray<Router.Compiled<unknown>>, request.method, url))
    })
  )
  // The mock is the whole network: a session's proxy has nowhere else to send to.
  return { client: Object.assign(client, { [Deadline.ProxyAware]: true }), calls: () => recorded.slice() }
}
