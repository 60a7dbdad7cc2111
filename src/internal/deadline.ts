/**
 * An attempt's deadline as a transport keeps it: one timer for the whole
 * attempt, which expires whichever phase the attempt is in, instead of
 * racing each phase against a sleeping fiber. The real transports time it
 * with the runtime's timer (`startTimer`); MockHttp with Effect's Clock, so
 * TestClock governs it. Both fail with the same `DeadlineExceeded`.
 *
 * @internal
 */
import * as Effects from "#line/effect"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Proxy from "../core/proxy.js"
import type * as Progress from "./progress.js"

/**
 * What is left of the attempt (Infinity for no timeout), its whole timeout
 * (for the error), the proxy to route it by and what reports the upload of
 * a body held whole: all a transport needs to know of the attempt.
 *
 * @internal
 */
export interface Deadline {
  readonly remainingMillis: number
  readonly timeoutMillis: number
  readonly proxy?: Proxy.Routes | undefined
  readonly upload?: Progress.Report | undefined
}

/**
 * The failure a deadline-aware transport reports: the platform wraps it as
 * a transport or body error, and the error mapping turns it into a
 * `TimeoutError` of this phase.
 *
 * @internal
 */
export class DeadlineExceeded extends Error {
  constructor(readonly phase: "headers" | "body", readonly timeoutMillis: number) {
    super(`deadline of ${timeoutMillis} ms exceeded (${phase})`)
    this.name = "DeadlineExceeded"
  }
}

/**
 * The longest delay a runtime timer takes (2³¹ − 1 ms, about 24.8 days);
 * a longer one fires at once. A deadline further away than that is kept
 * as none, like Effect's own sleep does.
 *
 * @internal
 */
export const MAX_TIMER_MILLIS = 2 ** 31 - 1

/** Whether there is a deadline to keep (an attempt without a timeout, or one past any timer, has none). @internal */
export const isTimed = (deadline: Deadline | undefined): deadline is Deadline =>
  deadline !== undefined && deadline.remainingMillis <= MAX_TIMER_MILLIS

/** What an attempt's timer expires: it knows which phase the attempt is in. @internal */
export interface Expirable {
  readonly phase: "headers" | "body"
  expire(reason: DeadlineExceeded): void
}

const fire = (target: Expirable, timeoutMillis: number) => target.expire(new DeadlineExceeded(target.phase, timeoutMillis))

/**
 * Starts the one timer of an attempt, which expires `target` with the
 * DeadlineExceeded of its phase; clear it with `clearTimeout`. No closure
 * per request: the target rides along as the timer's argument.
 *
 * @internal
 */
export const startTimer = (
  deadline: Deadline | undefined,
  target: Expirable
): ReturnType<typeof setTimeout> | undefined => {
  if (!isTimed(deadline)) return undefined
  const handle = setTimeout(fire, deadline.remainingMillis, target, deadline.timeoutMillis)
  // A pending request keeps the process alive by itself; the timer need not.
  ;(handle as { unref?: () => void }).unref?.()
  return handle
}

/**
 * The same timer on Effect's Clock: a daemon fiber that sleeps what is left
 * of the attempt and then expires `target`. Gives back how to clear it.
 *
 * @internal
 */
export const startClockTimer = (
  deadline: Deadline | undefined,
  target: Expirable
): Effect.Effect<() => void> => {
  if (!isTimed(deadline)) return Effect.succeed(noop)
  return Effects.forkDetached(Effect.andThen(
    Effect.sleep(Duration.millis(deadline.remainingMillis)),
    Effect.sync(() => fire(target, deadline.timeoutMillis))
  ))
}

const noop = () => {}
