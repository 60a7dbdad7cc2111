/**
 * What our transports' responses add to a platform `HttpClientResponse`:
 * the body as a stream that stays under the attempt's deadline, for the
 * library's own bounded reads (`stream` hands the body to a reader at its
 * own pace, and the deadline stops applying).
 *
 * @internal
 */
import type * as HttpClientError from "@effect/platform/HttpClientError"
import type * as Stream from "effect/Stream"

/** @internal */
export const TimedStream: unique symbol = Symbol.for("effect-requests/TimedStream")

/** @internal */
export interface TimedResponse {
  readonly [TimedStream]: Stream.Stream<Uint8Array, HttpClientError.ResponseError>
}
