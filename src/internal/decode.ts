/**
 * JSON and Schema decoding of bodies into `DecodeError`s that say where and
 * what: the path into the value and the schema's message.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as HttpError from "../HttpError.js"

/** How much of a body an error carries. @internal */
export const ERROR_BODY_LIMIT = 4096

/** Where a decode error belongs. @internal */
export interface Origin {
  readonly method: string
  readonly url: string
  readonly status: number
}

const excerpt = (text: string): string => text.length > ERROR_BODY_LIMIT ? text.slice(0, ERROR_BODY_LIMIT) : text

/** @internal */
export const parseJson = (text: string, origin: Origin): Either.Either<unknown, HttpError.DecodeError> => {
  // A test, not `trim()`: no copy of every body to find it is not blank.
  if (!/\S/.test(text)) {
    return Either.left(
      new HttpError.DecodeError({ ...origin, issue: { path: [], message: "body is empty, expected JSON" }, body: "" })
    )
  }
  try {
    return Either.right(JSON.parse(text))
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause)
    return Either.left(
      new HttpError.DecodeError({ ...origin, issue: { path: [], message: `body is not JSON: ${reason}` }, body: excerpt(text) })
    )
  }
}

/** The first issue of a parse error, as a path and a message. @internal */
export const firstIssue = (error: ParseResult.ParseError): HttpError.DecodeIssue => {
  const issues = ParseResult.ArrayFormatter.formatErrorSync(error)
  const first = issues[0]
  return first === undefined ? { path: [], message: error.message } : { path: first.path, message: first.message }
}

/** @internal */
export const decodeJson = <A, I, R>(
  schema: Schema.Schema<A, I, R>,
  text: string,
  origin: Origin
): Effect.Effect<A, HttpError.DecodeError, R> => {
  const decodeUnknown = Schema.decodeUnknown(schema, { errors: "first" })
  return Effect.flatMap(parseJson(text, origin), (json) =>
    Effect.mapError(
      decodeUnknown(json),
      (error) => new HttpError.DecodeError({ ...origin, issue: firstIssue(error), body: excerpt(text) })
    ))
}
