/**
 * The life of one request, top to bottom. Each stage is a function of
 * immutable input; nothing downstream writes to what upstream made.
 *
 *   1. prepare   what the user wrote + the session's settings → a `Prepared`
 *                request, or the typed reason it cannot be one (prepare.ts)
 *   2. cache     answer from the session's cache, or go to the network,
 *                revalidating with `withValidators` (cache/cache.ts)
 *   3. retry     attempts under the retry policy and the session's retry
 *                budget, counted and taken there (retry.ts, budget.ts),
 *                all within the call's deadline (callDeadline.ts)
 *   4. gate      circuit breaker, 429 pause, rate limit, concurrency
 *                (gate.ts, circuit.ts)
 *   5. send      one attempt: its transport (transport.ts), one deadline,
 *                redirects, cookies, metrics and spans (execute.ts); each
 *                hop through the session's middleware (middleware.ts)
 *   6. response  the status checked, the body read on demand (response.ts)
 *
 * @internal
 */
import * as Effects from "#line/effect"
import * as Fibers from "#line/fiber"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Budget from "../core/budget.js"
import * as CallDeadline from "./callDeadline.js"
import type * as Config from "./config.js"
import { execute, type Sends } from "./execute.js"
import type * as Gate from "./gate.js"
import * as Observe from "./observe.js"
import { type Prepared, prepare } from "./prepare.js"
import { retrying } from "./retry.js"
import type * as Http from "./types.js"

/**
 * A session's cache around the network: `send` goes to it, with the
 * request made conditional when the cache revalidates. A function the
 * session gives, so that the pipeline itself refers to no cache code.
 *
 * @internal
 */
export type CacheStage = (prepared: Prepared, send: (prepared: Prepared) => Http.Request) => Http.Request

/** What a session made once and every request of it runs through. @internal */
export interface Stages {
  readonly settings: Config.Settings
  readonly budgets: Budget.Budgets
  readonly gate: Gate.Gate
  readonly cache: CacheStage | undefined
}

/** Stages 3 to 6 for a prepared request: retry, gate, send. */
const network = (stages: Stages, prepared: Prepared, fiber: Fibers.Current): Http.Request => {
  // The Clock read from the fiber, not with an Effect step (TestClock still governs it).
  const now = Fibers.nowMillis(Fibers.clock(fiber))
  const deadline = now + prepared.deadlineMillis
  const attempts = (sends: Sends) => retrying(stages.gate(prepared, execute(prepared, sends)), prepared, stages.budgets, now, deadline)
  const call = Observe.tracing(fiber)
    ? Observe.traceRequest(fiber, prepared, (span) => attempts({ parent: span, count: 0, attempts: 0, deadline }))
    : attempts({ parent: undefined, count: 0, attempts: 0, deadline })
  // The attempts keep the deadline themselves; this bounds what waits between them (a queue, a pause).
  return deadline === Infinity
    ? call
    : Effects.timeoutFail(call, Duration.millis(prepared.deadlineMillis), () =>
      CallDeadline.passed(prepared.method, prepared.url.href, prepared.deadlineMillis))
}

/**
 * One request of a session, through every stage.
 *
 * @internal
 */
export const run = (
  stages: Stages,
  method: Http.Method,
  url: string | URL,
  options: Http.Options | undefined,
  scope: "session" | "foreign" = "session"
): Http.Request =>
  Fibers.withFiber((fiber) => {
    const prepared = prepare(stages.settings, method, url, options, scope)
    if (prepared._tag === "Refused") return Effect.fail(prepared.reason)
    if (stages.cache === undefined) return network(stages, prepared.value, fiber)
    return stages.cache(prepared.value, (sent) => network(stages, sent, fiber))
  })
