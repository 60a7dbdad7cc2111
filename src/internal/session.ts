/**
 * Sessions: settings resolved once, shared state (the retry budget, the
 * gate, the cache) made once, and verbs that run the pipeline.
 *
 * @internal
 */
import * as Budget from "./budget.js"
import type * as Cache from "./cache/cache.js"
import * as Store from "./cache/store.js"
import * as Config from "./config.js"
import * as Gate from "./gate.js"
import * as Pipeline from "./pipeline.js"
import type * as Http from "./types.js"

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
  const stages: Pipeline.Stages = {
    settings: Config.makeSettings(input),
    budgets: stateless ? Budget.unlimited : makeBudgets(input),
    gate: Gate.make(input, stateless),
    cache: stateless ? undefined : makeCache(input)
  }
  const request: Http.Session["request"] = (method, url, options) => Pipeline.run(stages, method, url, options)
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
