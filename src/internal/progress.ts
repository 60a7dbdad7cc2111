/**
 * Progress of a body as it moves: a tap on the stream that reports bytes
 * so far, and the total and percentage when the size is known.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type * as Http from "./types.js"

/** @internal */
export const track = <E, R>(
  body: Stream.Stream<Uint8Array, E, R>,
  total: number | undefined,
  report: (progress: Http.Progress) => Effect.Effect<void>
): Stream.Stream<Uint8Array, E, R> =>
  Stream.suspend(() => {
    let transferred = 0
    const progress = (): Http.Progress =>
      total === undefined || total === 0
        ? { transferred }
        : { transferred, total, percent: Math.min(100, (transferred / total) * 100) }
    return Stream.tap(body, (chunk) =>
      Effect.suspend(() => {
        transferred += chunk.length
        return report(progress())
      }))
  })
