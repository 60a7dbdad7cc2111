/**
 * What MockHttp's routes and responses are made of: plain descriptions,
 * interpreted by the transport. State (sequence positions, `times` counts)
 * lives in the layer, so every layer build starts afresh. The types are
 * public through MockHttp, so nothing here is marked internal.
 */
import type * as Durations from "#line/duration"
import type * as Effect from "effect/Effect"
import type * as Stream from "effect/Stream"

/** Public through MockHttp. */
export const TypeId: unique symbol = Symbol.for("effect-requests/MockHttp/Response")

/** Public through MockHttp. */
export interface Init {
  readonly status?: number | undefined
  /** An array value sends the header once per item (several Set-Cookie lines). */
  readonly headers?: Readonly<Record<string, string | ReadonlyArray<string>>> | undefined
}

/** Public through MockHttp. */
export type HeaderValues = Readonly<Record<string, string | ReadonlyArray<string>>>

/** Public through MockHttp. */
export type Body = string | Uint8Array | Stream.Stream<Uint8Array, unknown> | undefined

/** Public through MockHttp. */
export type MockResponse =
  | { readonly [TypeId]: TypeId; readonly _tag: "Reply"; readonly status: number; readonly headers: HeaderValues; readonly body: Body }
  | { readonly [TypeId]: TypeId; readonly _tag: "ConnectionError"; readonly code: string }
  | { readonly [TypeId]: TypeId; readonly _tag: "Timeout" }
  | { readonly [TypeId]: TypeId; readonly _tag: "Delay"; readonly duration: Durations.Input; readonly response: MockResponse }
  | { readonly [TypeId]: TypeId; readonly _tag: "Reset"; readonly status: number; readonly headers: HeaderValues; readonly partial: Uint8Array }
  | { readonly [TypeId]: TypeId; readonly _tag: "Sequence"; readonly responses: ReadonlyArray<Handler<never>> }
  | { readonly [TypeId]: TypeId; readonly _tag: "Times"; readonly times: number; readonly response: MockResponse }

/** Public through MockHttp. */
export type TypeId = typeof TypeId

/** Public through MockHttp: a request as a handler sees it. */
export interface MockRequest {
  /** Upper case, as sent: `"GET"`, `"POST"`, … */
  readonly method: string
  /** The full URL, query included. */
  readonly url: string
  /** The values of the route's `:name` segments. */
  readonly params: Readonly<Record<string, string>>
  /** The query parameters; a repeated key gives an array. */
  readonly query: Readonly<Record<string, string | ReadonlyArray<string>>>
  /** Lower-case names, as the transport sends them (credentials included: a test may check them). */
  readonly headers: Readonly<Record<string, string>>
  /** The body as UTF-8 text; `""` for none. */
  readonly text: string
  /** The body parsed as JSON, or `undefined` when it is empty or not JSON. */
  readonly json: unknown
}

/** Public through MockHttp. */
export type Handler<R = never> =
  | MockResponse
  | ((request: MockRequest) => MockResponse | Effect.Effect<MockResponse, never, R>)

/** Public through MockHttp. */
export interface RouteOptions {
  readonly match?: {
    readonly query?: Readonly<Record<string, string>> | undefined
    readonly headers?: Readonly<Record<string, string>> | undefined
  } | undefined
}

/** Public through MockHttp. */
export interface Route<R = never> {
  readonly method: string
  /** The path pattern (`*` for any path), or a full URL whose origin must match too. */
  readonly path: string
  readonly handler: Handler<R>
  readonly options: RouteOptions
}

/** Public through MockHttp: a request as it was recorded. */
export interface Call {
  /** Upper case, as sent. */
  readonly method: string
  /** The full URL, query included. */
  readonly url: string
  /** Lower-case names, as the transport sends them. */
  readonly headers: Readonly<Record<string, string>>
  /** The body as UTF-8 text; `""` for none. */
  readonly text: string
  /** The body parsed as JSON, or `undefined` when it is empty or not JSON. */
  readonly json: unknown
  /** When it arrived, in epoch millis of Effect's Clock (virtual under TestClock). */
  readonly at: number
}

/** A response description, marked as one. */
export const response = <T extends Omit<MockResponse, TypeId>>(value: T): T & { readonly [TypeId]: TypeId } =>
  ({ [TypeId]: TypeId, ...value })

/** A reply with a status, headers and a body. */
export const reply = (status: number, headers: HeaderValues, body: Body): MockResponse =>
  response({ _tag: "Reply", status, headers, body })
