/**
 * Sessions: settings resolved once, verbs that prepare and execute.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Http from "../Http.js"
import * as Config from "./config.js"
import { execute } from "./execute.js"
import { prepare } from "./prepare.js"

/** @internal */
export const make = (input: Http.SessionConfig): Http.Session => {
  const settings = Config.makeSettings(input)
  const request: Http.Session["request"] = (method, url, options) =>
    Effect.suspend(() => {
      const prepared = prepare(settings, method, url, options)
      return Either.isLeft(prepared) ? Effect.fail(prepared.left) : execute(prepared.right)
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
