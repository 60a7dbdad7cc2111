/**
 * Schemas as effect 3 shapes them (see src/line/v3/duration.ts for the
 * seam): the type a body is decoded with, and decoding that fails with the
 * schema's own failure, read through `firstIssue`.
 *
 * Not internal: the public types name `Schema`.
 */
import type * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"

/** A schema that decodes `I` into `A` with the services `R`. */
export type Codec<A, I = A, R = never> = Schema.Schema<A, I, R>

/** What a failed decode fails with. */
export type Failure = ParseResult.ParseError

/** Decodes an unknown value, stopping at the first issue. */
export const decoder = <A, I, R>(schema: Codec<A, I, R>): (value: unknown) => Effect.Effect<A, Failure, R> =>
  Schema.decodeUnknown(schema, { errors: "first" })

/** Decodes synchronously, for schemas that need no services. */
export const optionDecoder = <A, I>(schema: Codec<A, I, never>): (value: unknown) => Option.Option<A> =>
  Schema.decodeUnknownOption(schema)

/** The first issue of a failure: where, and what. */
export const firstIssue = (failure: Failure): { readonly path: ReadonlyArray<PropertyKey>; readonly message: string } => {
  const first = ParseResult.ArrayFormatter.formatErrorSync(failure)[0]
  return first === undefined ? { path: [], message: failure.message } : { path: first.path, message: first.message }
}
