/**
 * The library's own waits (a retry's backoff, an SSE reconnection) on
 * Effect's Clock, so TestClock drives them. One case cannot end: a real
 * transport (fetch, Node) under a TestClock that the test never moves. The
 * request's own deadline runs in real time there, but the wait would not,
 * and the test would hang in silence. Such a wait fails with a defect that
 * says so, once it has waited that long in real time.
 *
 * @internal
 */
import * as Fibers from "#line/fiber"
import * as Effects from "#line/effect"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as HttpClient from "#line/http/HttpClient"
import * as Transport from "./transport.js"

/** How long a wait may stand still in real time before it is taken for a hang. */
const STILL_MILLIS = 2_000

const isTestClock = (clock: Clock.Clock): boolean => "adjust" in clock && "setTime" in clock

const realTime = (millis: number): Effect.Effect<void> =>
  Effects.callback<void>((resume) => {
    const handle = setTimeout(() => resume(Effect.void), millis)
    ;(handle as { unref?: () => void }).unref?.()
    return Effect.sync(() => clearTimeout(handle))
  })

const hang = (what: string, wait: Duration.Duration) =>
  `effect-requests: ${what} waits ${Duration.format(wait)} on a TestClock, but the request goes over a real ` +
  "transport, whose time is real: nothing moves that clock, so the test would hang. Run it with it.live or " +
  "it.scopedLive, or layer(..., { excludeTestServices: true }), or provide MockHttp.layer instead."

/**
 * Waits `wait` on the fiber's Clock; `what` names the wait for the message.
 *
 * @internal
 */
export const pause = (wait: Duration.Duration, what: string): Effect.Effect<void> =>
  Fibers.withFiber((fiber) => {
    const clock = Fibers.clock(fiber)
    const context = Fibers.context(fiber)
    const real = Fibers.findService(context, HttpClient.HttpClient) !== undefined &&
      Transport.resolve(context as Context.Context<HttpClient.HttpClient>).clock === "runtime"
    if (!real || !isTestClock(clock)) return Effect.sleep(wait)
    return Effect.raceFirst(Effect.sleep(wait), Effect.andThen(realTime(STILL_MILLIS), Effects.dieMessage(hang(what, wait))))
  })
