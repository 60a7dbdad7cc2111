/**
 * Schemas as effect 4 shapes them (see src/line/v3/schema.ts).
 *
 * Not internal: the public types name `Schema`.
 */
import type * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as SchemaIssue from "effect/SchemaIssue"

/** A schema that decodes `I` into `A` with the services `R`. */
export type Codec<A, I = A, R = never> = Schema.Codec<A, I, R, unknown>

/** What a failed decode fails with. */
export type Failure = Schema.SchemaError

/** Decodes an unknown value, stopping at the first issue. */
export const decoder = <A, I, R>(schema: Codec<A, I, R>): (value: unknown) => Effect.Effect<A, Failure, R> =>
  // The value that failed goes into the message, as effect 3's does.
  Schema.decodeUnknownEffect(schema, { errors: "first", reportInput: true })

/** Decodes synchronously, for schemas that need no services. */
export const optionDecoder = <A, I>(schema: Codec<A, I, never>): (value: unknown) => Option.Option<A> =>
  Schema.decodeUnknownOption(schema)

const standard = SchemaIssue.makeFormatterStandardSchemaV1()

/** The first issue of a failure: where, and what. */
export const firstIssue = (failure: Failure): { readonly path: ReadonlyArray<PropertyKey>; readonly message: string } => {
  const first = standard(failure.issue).issues[0]
  if (first === undefined) return { path: [], message: failure.message }
  const path = (first.path ?? []).map((segment) => typeof segment === "object" ? segment.key : segment)
  // Effect 4 says "Expected number, got 1"; effect 3 "…, actual 1": one wording on both lines.
  return { path, message: first.message.replace(/, got (?=[^]*$)/, ", actual ") }
}
