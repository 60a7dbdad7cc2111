/**
 * `Auth.refreshing`: a token kept on Effect's Clock and refreshed before it
 * expires, as a middleware. One refresh at a time: requests that find the
 * token stale wait for the refresh in flight instead of starting their own.
 * A 401 refreshes once and sends once more, within the same attempt.
 *
 * @internal
 */
import * as Durations from "#line/duration"
import * as Effects from "#line/effect"
import * as HttpClientRequest from "#line/http/HttpClientRequest"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type { RefreshingOptions as Options, Token } from "./types/auth.js"
import type * as Middleware from "../Middleware.js"
import { dropBody } from "./middleware.js"

interface Held {
  readonly header: Redacted.Redacted<string>
  /** When to stop using it: its expiry less the margin. */
  readonly refreshAt: number
}


/** @internal */
export const make = <E, R>(getToken: Effect.Effect<Token, E, R>, options: Options = {}): Middleware.Middleware<E, R> => {
  const margin = Duration.toMillis(Durations.decode(options.refreshBefore ?? "30 seconds"))
  const scheme = options.scheme ?? "Bearer"
  const lock = Effects.makeSemaphore(1)
  let held: Held | undefined
  const refresh = Effect.flatMap(getToken, (token) =>
    Effect.map(Clock.currentTimeMillis, (now) => {
      const lifetime = Duration.toMillis(Durations.decode(token.expiresIn))
      const value = Redacted.isRedacted(token.token) ? Redacted.value(token.token) : token.token
      held = { header: Redacted.make(`${scheme} ${value}`), refreshAt: now + Math.max(0, lifetime - margin) }
      return held
    }))
  /** The token to send: the one held while it is good and not `rejected`, else a new one (one refresh for all who wait). */
  const current = (rejected: Held | undefined) =>
    lock.withPermits(1)(Effect.flatMap(Clock.currentTimeMillis, (now) =>
      held !== undefined && held !== rejected && now < held.refreshAt ? Effect.succeed(held) : refresh))
  return (request, next) => {
    const send = (token: Held) => next(HttpClientRequest.setHeader(request, "authorization", Redacted.value(token.header)))
    return Effect.flatMap(current(undefined), (token) =>
      Effect.flatMap(send(token), (response) =>
        // A stream body was sent once and cannot be again: its 401 is the answer.
        response.status !== 401 || request.body._tag === "Stream"
          ? Effect.succeed(response)
          : Effect.andThen(dropBody(response), Effect.flatMap(current(token), send))))
  }
}
