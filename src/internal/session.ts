/**
 * Sessions: settings resolved once, shared state (the retry budget) made
 * once, and verbs that prepare, execute and retry.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Fiber from "effect/Fiber"
import type * as Http from "./types.js"
import * as Budget from "./budget.js"
import * as Cache from "./cache/cache.js"
import * as Store from "./cache/store.js"
import * as Config from "./config.js"
import { execute } from "./execute.js"
import * as Gate from "./gate.js"
import * as Observe from "./observe.js"
import { type Prepared, prepare } from "./prepare.js"
import { retrying } from "./retry.js"

const makeCache = (input: Http.SessionConfig): Cache.Cache | undefined => {
  const option = Config.own(input, "cache")
  if (option === undefined || option === false) return undefined
  const given = option === true ? {} : option
  return {
    store: Config.own(given, "store") === "persistence"
      ? Store.persistence(Config.own(given, "storeId") ?? "effect-requests-http-cache")
      : Store.memory(Config.own(given, "maxBytes") ?? 64 * 1024 * 1024),
    maxEntryBytes: Config.own(given, "maxEntryBytes") ?? 5 * 1024 * 1024
  }
}

const makeBudgets = (input: Http.SessionConfig): Budget.Budgets => {
  const option = Config.own(input, "retryBudget")
  if (option === false) return Budget.unlimited
  return Budget.byOrigin(Config.own(option, "ratio") ?? 0.2, Config.own(option, "minPerMinute") ?? 10)
}

/**
 * A session. The module-level verbs use one made `stateless`: like requests'
 * module functions, each call stands alone (no retry budget, no 429 pause
 * carried from one call to the next), so that nothing leaks between the
 * tests of an application that uses them.
 *
 * @internal
 */
export const make = (input: Http.SessionConfig, stateless = false): Http.Session => {
  const settings = Config.makeSettings(input)
  const budgets = stateless ? Budget.unlimited : makeBudgets(input)
  const hooks = { takeRetry: budgets.takeRetry }
  const gate = Gate.make(input, stateless)
  const cache = stateless ? undefined : makeCache(input)
  const network = (prepared: Prepared, fiber: Fiber.RuntimeFiber<unknown, unknown>) => {
    const attempts = retrying(gate(prepared, execute(prepared)), prepared, prepared.retry, hooks)
    // Read from the fiber, not with an Effect step (TestClock still governs
    // it); without a budget there is nothing to count.
    if (budgets !== Budget.unlimited) {
      budgets.recordRequest(prepared.url.origin, Context.get(fiber.currentDefaultServices, Clock.Clock).unsafeCurrentTimeMillis())
    }
    return Observe.tracing(fiber) ? Observe.traceRequest(prepared, attempts) : attempts
  }
  const request: Http.Session["request"] = (method, url, options) =>
    Effect.withFiberRuntime((fiber) => {
      const prepared = prepare(settings, method, url, options)
      if (Either.isLeft(prepared)) return Effect.fail(prepared.left)
      if (cache === undefined) return network(prepared.right, fiber)
      return Cache.around(cache, prepared.right, (conditional) => {
        if (conditional === undefined) return network(prepared.right, fiber)
        // The same request with validators, where a 304 is the answer hoped for.
        const accepts = prepared.right.validateStatus
        const again = prepare(settings, method, url, {
          ...options,
          headers: { ...Config.own(options, "headers"), ...conditional },
          validateStatus: (status) => status === 304 || accepts(status)
        })
        return Either.isLeft(again) ? Effect.fail(again.left) : network(again.right, fiber)
      })
    })
  return {
    config: input,
    request,
    get: (url, options) => request("GET", url, options),
    post: (url, options) => request("POST", url, options),
    put: (url, options) => request("PUT", url, options),
    patch: (url, options) => request("PATCH", url, options),
    del: (url, options) => request("DELETE", url, options),
    head: (url, options) => request("HEAD", url, options),
    options: (url, options) => request("OPTIONS", url, options),
    extend: (config) => make(Config.extendInput(input, config))
  }
}

/**
 * What the module-level verbs run on. Stateless: a module-level call shares
 * no budget or 429 pause with another.
 *
 * @internal
 */
export const defaultSession: Http.Session = make({}, true)
