/**
 * JSON and Schema decoding of bodies into `DecodeError`s that say where and
 * what: the path into the value and the schema's message. Every body, line,
 * event and error body is parsed and decoded here, so that each holds the
 * same rules: no `__proto__` key survives parsing, and a value nested
 * deeper than a recursive schema can follow is an issue, not a crash.
 *
 * @internal
 */
import * as Effects from "#line/effect"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schemas from "#line/schema"
import * as HttpError from "../HttpError.js"
import * as Checked from "../core/checked.js"
import { isSensitiveName, REDACTED } from "../core/redact.js"

/** How much of a body an error carries. @internal */
export const ERROR_BODY_LIMIT = 4096

/** Where a decode error belongs. @internal */
export interface Origin {
  readonly method: string
  readonly url: string
  readonly status: number
}

const excerpt = (text: string): string => text.length > ERROR_BODY_LIMIT ? text.slice(0, ERROR_BODY_LIMIT) : text

const withoutProto = (key: string, value: unknown): unknown => key === "__proto__" ? undefined : value

/**
 * `JSON.parse`, except that a `__proto__` key is dropped: JSON.parse keeps
 * it as an own key, but a decoder that copies keys into a new object
 * (`Schema.Record`) would set the prototype of its result with it. The
 * reviver is slow, so it runs only for text that could spell the key
 * (directly or with a `\u` escape).
 *
 * @internal
 */
export const parseJsonText = (text: string): unknown =>
  text.includes("__proto__") || text.includes("\\u") ? JSON.parse(text, withoutProto) : JSON.parse(text)

const tooDeep: HttpError.DecodeIssue = { path: [], message: "value is nested too deeply to decode" }

/**
 * The issue with the value that failed (`…, actual <value>`, on both
 * lines) redacted when the field holding it is named like a credential
 * (`token`, `password`, `api_key`, …): messages end up in logs.
 */
const withoutSecret = (issue: HttpError.DecodeIssue): HttpError.DecodeIssue => {
  const field = issue.path.at(-1)
  if (typeof field !== "string" || !isSensitiveName(field)) return issue
  return { path: issue.path, message: issue.message.replace(/, actual [^]*$/, `, actual ${REDACTED}`) }
}

const isStackOverflow = (defect: unknown): boolean => defect instanceof RangeError

/** @internal */
export const parseJson = (text: string, origin: Origin): Checked.Checked<unknown, HttpError.DecodeError> => {
  // A test, not `trim()`: no copy of every body to find it is not blank.
  if (!/\S/.test(text)) {
    return Checked.refused(
      new HttpError.DecodeError({ ...origin, issue: { path: [], message: "body is empty, expected JSON" }, body: "" })
    )
  }
  try {
    return Checked.ok(parseJsonText(text))
  } catch (cause) {
    const message = isStackOverflow(cause) ? tooDeep.message : `body is not JSON: ${cause instanceof Error ? cause.message : String(cause)}`
    return Checked.refused(new HttpError.DecodeError({ ...origin, issue: { path: [], message }, body: excerpt(text) }))
  }
}

/** `parseJson` as an effect. @internal */
export const parseJsonEffect = (text: string, origin: Origin): Effect.Effect<unknown, HttpError.DecodeError> => {
  const json = parseJson(text, origin)
  return json._tag === "Ok" ? Effect.succeed(json.value) : Effect.fail(json.reason)
}

/**
 * A decoder of parsed values that fails with the first issue. A failure-only
 * frame: nothing is added to a successful decode.
 *
 * @internal
 */
export const decoder = <A, I, R>(schema: Schemas.Codec<A, I, R>) => {
  const decodeUnknown = Schemas.decoder(schema)
  return (value: unknown): Effect.Effect<A, HttpError.DecodeIssue, R> => {
    let decoded: Effect.Effect<A, Schemas.Failure, R>
    try {
      // The parser runs as far as it can right here, on this stack.
      decoded = decodeUnknown(value)
    } catch (defect) {
      if (isStackOverflow(defect)) return Effect.fail(tooDeep)
      throw defect
    }
    return Effects.catchAllCause(decoded, (cause) => {
      const failure = Effects.failureOption(cause)
      if (Option.isSome(failure)) return Effect.fail(withoutSecret(Schemas.firstIssue(failure.value)))
      const defect = Effects.defectOption(cause)
      return Option.isSome(defect) && isStackOverflow(defect.value) ? Effect.fail(tooDeep) : Effect.failCause(cause as Cause.Cause<never>)
    })
  }
}

/**
 * The same, synchronously, as an Option: for schemas that need no services.
 *
 * @internal
 */
export const decodeOption = <A, I>(schema: Schemas.Codec<A, I, never>) => {
  const decodeUnknown = Schemas.optionDecoder(schema)
  return (value: unknown): Option.Option<A> => {
    try {
      return decodeUnknown(value)
    } catch (defect) {
      if (isStackOverflow(defect)) return Option.none()
      throw defect
    }
  }
}

/** @internal */
export const decodeJson = <A, I, R>(
  schema: Schemas.Codec<A, I, R>,
  text: string,
  origin: Origin
): Effect.Effect<A, HttpError.DecodeError, R> => {
  const decode = decoder(schema)
  const json = parseJson(text, origin)
  if (json._tag === "Refused") return Effect.fail(json.reason)
  return Effects.onFailure(decode(json.value), (issue) => Effect.fail(new HttpError.DecodeError({ ...origin, issue, body: excerpt(text) })))
}
