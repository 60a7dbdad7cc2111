/**
 * The module-level verbs (`Http.get` and the others): the pipeline with a
 * session's defaults and no shared state. Like requests' module functions,
 * each call stands alone (no retry budget, no 429 pause carried from one
 * call to the next), so that nothing leaks between the tests of an
 * application that uses them. No session object either: a program that
 * only calls `Http.get` bundles no streaming, SSE, gate, rate limiter or
 * cache code, since nothing here refers to them.
 *
 * @internal
 */
import * as Budget from "../core/budget.js"
import * as Config from "./config.js"
import * as Pipeline from "./pipeline.js"
import type * as Http from "./types.js"

const stages: Pipeline.Stages = {
  settings: Config.makeSettings({}),
  budgets: Budget.unlimited,
  // Stateless: no circuit, 429 pause, rate limit or cap around an attempt.
  gate: (_, attempt) => attempt,
  cache: undefined
}

/** @internal */
export const request = (method: Http.Method, url: string | URL, options?: Http.Options): Http.Request =>
  Pipeline.run(stages, method, url, options)
