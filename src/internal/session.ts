/**
 * Sessions: settings resolved once, shared state (the retry budget) made
 * once, and verbs that prepare, execute and retry.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Http from "../Http.js"
import * as Budget from "./budget.js"
import * as Config from "./config.js"
import { execute } from "./execute.js"
import { prepare } from "./prepare.js"
import { retrying } from "./retry.js"

const makeBudgets = (input: Http.SessionConfig): Budget.Budgets => {
  const option = Config.own(input, "retryBudget")
  if (option === false) return Budget.unlimited
  return Budget.byOrigin(Config.own(option, "ratio") ?? 0.2, Config.own(option, "minPerMinute") ?? 10)
}

/** @internal */
export const make = (input: Http.SessionConfig): Http.Session => {
  const settings = Config.makeSettings(input)
  const budgets = makeBudgets(input)
  const hooks = { takeRetry: budgets.takeRetry }
  const request: Http.Session["request"] = (method, url, options) =>
    Effect.suspend(() => {
      const prepared = prepare(settings, method, url, options)
      if (Either.isLeft(prepared)) return Effect.fail(prepared.left)
      return Effect.zipRight(
        Effect.map(Clock.currentTimeMillis, (now) => budgets.recordRequest(prepared.right.url.origin, now)),
        retrying(execute(prepared.right), prepared.right, prepared.right.retry, hooks)
      )
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
