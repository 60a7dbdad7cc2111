/**
 * What a request sent through `session.httpClient` carries that the
 * session's own verbs do not: the platform request's body as it is, and
 * the rule that every status is answered. A StatusError made under that
 * rule carries the whole response it was made from, so that after the
 * session's retries the last response can be handed back.
 *
 * @internal
 */
import type * as HttpBody from "#line/http/HttpBody"
import type * as HttpClientResponse from "#line/http/HttpClientResponse"
import type * as Effect from "effect/Effect"
import type * as Http from "./types.js"
import type * as HttpError from "../HttpError.js"
import type { ResponseImpl } from "./response.js"

/** The options key under which a platform request's call is described. @internal */
export const key: unique symbol = Symbol("effect-requests/platformCall") as never

/** @internal */
export interface PlatformCall {
  /** The body as the platform request has it (its headers say its type). */
  readonly body: HttpBody.HttpBody
  /**
   * The StatusError for a response the session rejects: made by
   * sessionClient.ts (so that a program without it bundles none of it),
   * with the whole response kept for after the retries.
   */
  readonly answer: (response: ResponseImpl, method: string) => Effect.Effect<never, HttpError.HttpError>
}

/** Options with a platform call. @internal */
export type WithCall = Http.Options & { readonly [key]?: PlatformCall | undefined }

/** The platform call the options describe, if any. @internal */
export const of = (options: Http.Options | undefined): PlatformCall | undefined =>
  (options as WithCall | undefined)?.[key]

/** Where a StatusError keeps its response: a symbol, so that no print shows it. @internal */
export const answerKey: unique symbol = Symbol("effect-requests/StatusError/answer") as never

/** Gives `error` the response to answer with; it is not enumerable, so never printed. @internal */
export const attachAnswer = <E extends object>(error: E, response: HttpClientResponse.HttpClientResponse): E =>
  Object.defineProperty(error, answerKey, { value: response, enumerable: false })

/** The response a StatusError was made from, when it was made to answer every status. @internal */
export const answerOf = (error: unknown): HttpClientResponse.HttpClientResponse | undefined =>
  typeof error === "object" && error !== null ? (error as { [answerKey]?: HttpClientResponse.HttpClientResponse })[answerKey] : undefined
