/**
 * Sessions: settings resolved once, shared state (the retry budget, the
 * gate, the cache) made once, and verbs that run the pipeline.
 *
 * @internal
 */
import * as Streams from "#line/stream"
import * as Effects from "#line/effect"
import * as HttpClient from "#line/http/HttpClient"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import * as Budget from "../core/budget.js"
import * as Combinators from "./combinators.js"
import * as Cache from "./cache/cache.js"
import * as Store from "./cache/store.js"
import * as Config from "./config.js"
import * as CookieJar from "./cookieJar.js"
import * as Checked from "../core/checked.js"
import * as Proxy from "../core/proxy.js"
import * as Gate from "./gate.js"
import * as Download from "./download.js"
import * as Pipeline from "./pipeline.js"
import { withValidators } from "./prepare.js"
import * as Sse from "./sse.js"
import * as Streaming from "./streaming.js"
import * as Transport from "./transport.js"
import * as Url from "../core/url.js"
import * as SessionCookies from "./sessionCookies.js"
import * as SessionClient from "./sessionClient.js"
import type * as Http from "./types.js"
import { environment } from "./environment.js"

const cacheStage = (input: Http.SessionConfig): Pipeline.CacheStage | undefined => {
  const cache = makeCache(input)
  if (cache === undefined) return undefined
  return (prepared, send) =>
    Cache.around(cache, prepared, (validators) => send(validators === undefined ? prepared : withValidators(prepared, validators)))
}

const makeCache = (input: Http.SessionConfig): Cache.Cache | undefined => {
  const option = Config.own(input, "cache")
  if (option === undefined || option === false) return undefined
  const given = option === true ? {} : option
  // A Persistence store is read by other sessions and processes: a shared cache.
  const shared = Config.own(given, "store") === "persistence"
  return {
    store: shared
      ? Store.persistence(Config.own(given, "storeId") ?? "effect-requests-http-cache")
      : Store.memory(Config.own(given, "maxBytes") ?? 64 * 1024 * 1024),
    maxEntryBytes: Config.own(given, "maxEntryBytes") ?? 5 * 1024 * 1024,
    shared
  }
}

const proxyRoutes = (proxy: Http.SessionConfig["proxy"]) =>
  proxy === undefined ? undefined : proxy === "env" ? Proxy.fromEnv(environment()) : Checked.map(Proxy.parse(proxy), Proxy.both)

const sessionSettings = (input: Http.SessionConfig): Config.Settings => ({
  ...Config.makeSettings(input),
  jar: Config.own(input, "cookies") === true ? CookieJar.make() : undefined,
  proxy: proxyRoutes(Config.own(input, "proxy"))
})

const makeBudgets = (input: Http.SessionConfig): Budget.Budgets => {
  const option = Config.own(input, "retryBudget")
  if (option === false) return Budget.unlimited
  return Budget.byOrigin(Config.own(option, "ratio") ?? 0.2, Config.own(option, "minPerMinute") ?? 10)
}

/** `session.httpClient`: a platform client whose requests go through `run` (sessionClient.ts). */
const platformClient = (run: SessionClient.Run) =>
  Transport.clientOver((request) => SessionClient.send(run, request))

/**
 * A session: its retry budget, gate and cache made once and shared by its
 * requests. (The module-level verbs share nothing: stateless.ts.)
 *
 * @internal
 */
export const make = (input: Http.SessionConfig): Http.Session<HttpClient.HttpClient, any> => {
  const settings = sessionSettings(input)
  const stages: Pipeline.Stages = {
    settings,
    budgets: makeBudgets(input),
    gate: Gate.make(input),
    cache: cacheStage(input)
  }
  // The session's errorBody types every StatusError, on every path below.
  const errorBody = Config.own(input, "errorBody")
  const typed = errorBody === undefined ? undefined : Combinators.withErrorBody(errorBody)
  const run = (method: Http.Method, url: string | URL, options: Http.Options | undefined, scope: "session" | "foreign" = "session") =>
    typed === undefined ? Pipeline.run(stages, method, url, options, scope) : Effect.mapError(Pipeline.run(stages, method, url, options, scope), typed)
  const request: Http.Session["request"] = (method, url, options) => run(method, url, options)
  const get = (url: string | URL, options?: Http.Options) => request("GET", url, options)
  // A page's scope: under the baseUrl, or without one the first page's origin.
  const inScope = (url: URL, firstUrl: string): boolean => {
    const base = stages.settings.base
    if (base !== undefined && base._tag === "Ok") return Url.isUnder(base.value, url)
    return url.origin === new URL(firstUrl).origin
  }
  return {
    config: input,
    cookies: SessionCookies.make(settings.jar),
    // The pipeline itself, not `run`: the session's errorBody types errors
    // the client never shows (it answers every status).
    httpClient: platformClient((method, url, options) => Pipeline.run(stages, method, url, options)),
    request,
    get,
    post: (url, options) => request("POST", url, options),
    put: (url, options) => request("PUT", url, options),
    patch: (url, options) => request("PATCH", url, options),
    del: (url, options) => request("DELETE", url, options),
    head: (url, options) => request("HEAD", url, options),
    options: (url, options) => request("OPTIONS", url, options),
    paginate: (first, options = {}) =>
      Streaming.pages(
        (given) => Effect.isEffect(first) ? first : run("GET", first, given),
        options,
        (page, pageOptions, scope) => run("GET", page, pageOptions, scope),
        inScope
      ),
    sse: (url, options = {}) => Sse.open(request, url, options, Config.own(input, "maxEventSize")),
    ndjson: (url, schema, options) => Stream.unwrap(Effect.map(get(url, options), Streaming.ndjson(schema))),
    download: (url, path, options) => Download.toFile(get(url, options), path),
    // The overloads of `extend` type what it gives; with `httpClient` a
    // session is invariant in R on effect 4, so the one made here is cast.
    extend: ((config: Http.SessionConfig) => make(Config.extendInput(input, config))) as Http.Session["extend"]
  }
}

/**
 * A session whose requests run with `context` (its HttpClient, and the
 * transport that came with it: the seam keeps working).
 */
const provided = <E>(self: Http.Session<HttpClient.HttpClient, E>, context: Context.Context<HttpClient.HttpClient>): Http.Session<never, E> => {
  const give = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    Effects.mapContext(effect, (outer: Context.Context<Exclude<R, HttpClient.HttpClient>>) => Context.merge(outer, context) as Context.Context<R>)
  const giveStream = <A, E, R>(stream: Stream.Stream<A, E, R>) =>
    Streams.mapContext(stream, (outer: Context.Context<Exclude<R, HttpClient.HttpClient>>) => Context.merge(outer, context) as Context.Context<R>)
  return {
    config: self.config,
    cookies: self.cookies,
    httpClient: Transport.clientOver((request) => give(self.httpClient.execute(request))),
    request: (method, url, options) => give(self.request(method, url, options)),
    get: (url, options) => give(self.get(url, options)),
    post: (url, options) => give(self.post(url, options)),
    put: (url, options) => give(self.put(url, options)),
    patch: (url, options) => give(self.patch(url, options)),
    del: (url, options) => give(self.del(url, options)),
    head: (url, options) => give(self.head(url, options)),
    options: (url, options) => give(self.options(url, options)),
    paginate: (url, options) => giveStream(self.paginate(url, options)),
    sse: (url, options) => giveStream(self.sse(url, options)),
    ndjson: (url, schema, options) => giveStream(self.ndjson(url, schema, options)),
    download: (url, path, options) => give(self.download(url, path, options)),
    extend: ((config: Http.SessionConfig) => provided(self.extend(config), context)) as Http.Session<never, E>["extend"]
  }
}

/**
 * `Http.client`: a session made now, over the HttpClient (and transport)
 * of the context it is made in.
 *
 * @internal
 */
export const client = (config: Http.SessionConfig): Effect.Effect<Http.Session<never, any>, never, HttpClient.HttpClient> =>
  Effect.map(Effect.context<HttpClient.HttpClient>(), (context) => provided(make(config), Transport.captured(context)))

/**
 * `Http.layerFromSession`: the session's `httpClient` as the HttpClient,
 * over the HttpClient (and transport) the layer is built on; what the
 * session's middleware need is taken from where the layer is built too.
 *
 * @internal
 */
export const layerFromSession = (config: Http.SessionConfig): Layer.Layer<HttpClient.HttpClient, never, HttpClient.HttpClient> =>
  Layer.effect(
    HttpClient.HttpClient,
    Effect.map(Effect.context<HttpClient.HttpClient>(), (context) =>
      provided(make(config), Context.merge(context, Transport.captured(context))).httpClient)
  )
