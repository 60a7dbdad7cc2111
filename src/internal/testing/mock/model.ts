/**
 * What MockHttp's routes and responses are made of: plain descriptions,
 * interpreted by the transport. State (sequence positions, `times` counts)
 * lives in the layer, so every layer build starts afresh. The types are
 * public through MockHttp, so nothing here is marked internal.
 */
import type * as Duration from "effect/Duration"
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
  | { readonly [TypeId]: TypeId; readonly _tag: "Delay"; readonly duration: Duration.DurationInput; readonly response: MockResponse }
  | { readonly [TypeId]: TypeId; readonly _tag: "Reset"; readonly status: number; readonly headers: HeaderValues; readonly partial: Uint8Array }
  | { readonly [TypeId]: TypeId; readonly _tag: "Sequence"; readonly responses: ReadonlyArray<MockResponse> }
  | { readonly [TypeId]: TypeId; readonly _tag: "Times"; readonly times: number; readonly response: MockResponse }

/** Public through MockHttp. */
export type TypeId = typeof TypeId

/** A request as a handler sees it. */
export interface MockRequest {
  readonly method: string
  readonly url: string
  readonly params: Readonly<Record<string, string>>
  readonly query: Readonly<Record<string, string | ReadonlyArray<string>>>
  readonly headers: Readonly<Record<string, string>>
  readonly text: string
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

/** A request as it was recorded. */
export interface Call {
  readonly method: string
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly text: string
  readonly json: unknown
  /** When it arrived, in epoch millis of Effect's Clock (virtual under TestClock). */
  readonly at: number
}
