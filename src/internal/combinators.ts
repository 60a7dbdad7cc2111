/**
 * Pipeable helpers over effects that produce responses or fail with
 * `StatusError`s.
 *
 * @internal
 */
import * as Effects from "#line/effect"
import * as Effect from "effect/Effect"
import { dual } from "effect/Function"
import type * as Schemas from "#line/schema"
import type * as Http from "./types.js"
import * as HttpError from "../HttpError.js"
import { decodeOption, parseJson } from "./decode.js"
import { withAttempts } from "./retry.js"

/** @internal */
export const decode = dual(
  (args) => Effect.isEffect(args[0]),
  <E, R, A, I, RS>(
    self: Effect.Effect<Http.Response, E, R>,
    schema: Schemas.Codec<A, I, RS>
  ): Effect.Effect<A, E | HttpError.BodyError, R | RS> => Effect.flatMap(self, (response) => response.decode(schema))
)

const matches = (status: number | ReadonlyArray<number>, actual: number): boolean =>
  typeof status === "number" ? status === actual : status.includes(actual)

/** @internal */
export const catchStatus = dual(
  3,
  <A, E, R, A2, E2, R2>(
    self: Effect.Effect<A, E, R>,
    status: number | ReadonlyArray<number>,
    f: (error: HttpError.StatusError) => Effect.Effect<A2, E2, R2>
  ): Effect.Effect<A | A2, E | E2, R | R2> =>
    Effects.catchAll(self, (error): Effect.Effect<A2, E | E2, R2> =>
      error instanceof HttpError.StatusError && matches(status, error.status) ? f(error) : Effect.fail(error))
)

/**
 * A StatusError with its body decoded by `schema` as `data` (undefined when
 * the body is not that); any other error as it is. The attempt count rides
 * along: "after 3 attempts" survives the decoding.
 *
 * @internal
 */
export const withErrorBody = <D, I>(schema: Schemas.Codec<D, I, never>) => {
  const decodeData = decodeOption(schema)
  return <E>(error: E): Exclude<E, HttpError.StatusError> | HttpError.StatusError<D> => {
    if (!(error instanceof HttpError.StatusError)) return error as Exclude<E, HttpError.StatusError>
    const json = parseJson(error.body, { method: error.method, url: error.url, status: error.status })
    const data = json._tag === "Ok" ? decodeData(json.value) : undefined
    return withAttempts(new HttpError.StatusError<D>({
      method: error.method,
      url: error.url,
      status: error.status,
      statusText: error.statusText,
      headers: error.headers,
      body: error.body,
      retryAfter: error.retryAfter,
      data: data?._tag === "Some" ? data.value : undefined
    }), error.attempts ?? 1)
  }
}

/** @internal */
export const errorBody = dual(
  2,
  <A, E, R, D, I>(
    self: Effect.Effect<A, E, R>,
    schema: Schemas.Codec<D, I, never>
  ): Effect.Effect<A, Exclude<E, HttpError.StatusError> | HttpError.StatusError<D>, R> => Effect.mapError(self, withErrorBody(schema))
)
