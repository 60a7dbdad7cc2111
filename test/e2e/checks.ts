/**
 * The end-to-end checks of the public API that run on other runtimes:
 * bundled with esbuild, in headless Chromium (test/browser, from a page on
 * one loopback origin calling TestServers with CORS on two others, the
 * outcomes on `window.__results`) and under Bun and Deno (test/runtimes,
 * the outcomes printed as JSON). Each check fails with what it saw.
 */
import type * as HttpClient from "#line/http/HttpClient"
import { Effect, Schema, Stream } from "effect"
import { Auth, Http, Retry } from "effect-requests"
import { MockHttp } from "effect-requests/testing"
import { collect, fold, recordOf, timeoutFail } from "#testline"

export interface Config {
  /** A TestServer with CORS, on another origin than the page. */
  readonly api: string
  /** A second one, on a third origin: where a cross-origin redirect leads. */
  readonly other: string
}

export interface Outcome {
  readonly name: string
  readonly ok: boolean
  readonly detail: string
}

const check = (condition: boolean, detail: string) => condition ? Effect.void : Effect.fail(new Error(detail))

const Echo = Schema.Struct({ args: recordOf(Schema.String), url: Schema.String })
const Form = Schema.Struct({ form: recordOf(Schema.String) })
const Headers = Schema.Struct({ headers: recordOf(Schema.String) })
const User = Schema.Struct({ id: Schema.Number, login: Schema.String })

/** Where scripts see no Set-Cookie and the browser keeps the cookies. */
const inBrowser = typeof (globalThis as { document?: unknown }).document !== "undefined"

/** Every check, by name: each over `Http.layer` (the runtime's fetch) but the last. */
export const checks = ({ api, other }: Config): ReadonlyArray<readonly [string, Effect.Effect<void, unknown>]> => {
  const onFetch = <A, E>(effect: Effect.Effect<A, E, HttpClient.HttpClient>) =>
    Effect.provide(effect, Http.layer)
  return [
    ["GET decoded with a Schema", onFetch(Effect.gen(function* () {
      const echo = yield* Http.get(`${api}/get`, { params: { q: "effect" } }).pipe(Effect.flatMap((res) => res.decode(Echo)))
      yield* check(echo.args.q === "effect", `args were ${JSON.stringify(echo.args)}`)
    }))],
    ["form POST", onFetch(Effect.gen(function* () {
      const echo = yield* Http.post(`${api}/post`, { form: { name: "Ada", lang: "en" } }).pipe(Effect.flatMap((res) => res.decode(Form)))
      yield* check(echo.form.name === "Ada" && echo.form.lang === "en", `form was ${JSON.stringify(echo.form)}`)
    }))],
    ["a 404 is a StatusError", onFetch(Effect.gen(function* () {
      const status = yield* Http.get(`${api}/status/404`).pipe(
        Effect.as(0),
        Effect.catchTag("StatusError", (e) => Effect.succeed(e.status))
      )
      yield* check(status === 404, `status ${status}`)
    }))],
    ["a 503 is retried, then fails with the attempts", onFetch(Effect.gen(function* () {
      const err = yield* Http.get(`${api}/status/503`, { retry: Retry.policy({ times: 2, base: "10 millis" }) }).pipe(Effect.flip)
      yield* check(err._tag === "StatusError" && err.attempts === 3, `${err._tag} after ${"attempts" in err ? err.attempts : "?"} attempts`)
    }))],
    ["a timeout is a TimeoutError", onFetch(Effect.gen(function* () {
      const err = yield* Http.get(`${api}/delay/3`, { timeout: "300 millis", retry: Retry.none }).pipe(Effect.flip)
      yield* check(err._tag === "TimeoutError", err._tag)
    }))],
    ["a 2 MiB body streams whole", onFetch(Effect.gen(function* () {
      const res = yield* Http.get(`${api}/stream-bytes/${2 * 1024 * 1024}`)
      const size = yield* res.stream.pipe((stream) => fold(stream, 0, (n, chunk) => n + chunk.length))
      yield* check(size === 2 * 1024 * 1024, `${size} bytes`)
    }))],
    ["SSE resumes after a dropped connection", onFetch(Effect.gen(function* () {
      // The server drops the connection right after the third event: when the
      // error reaches the body stream before its chunks are read, the stream
      // discards them (WHATWG Streams), so a reconnection may start over from
      // the last id seen. A short backoff keeps those quick.
      const backoff = Retry.policy({ base: "10 millis" })
      const seen: Array<string | undefined> = []
      const events = yield* Http.sse(`${api}/sse?count=6&drop_after=3&retry=10`, { backoff }).pipe(
        Stream.tap((event) => Effect.sync(() => seen.push(event.id))),
        collect,
        // Stuck: say how far it got, before the run's own bound.
        timeoutFail({ duration: "15 seconds", onTimeout: () => new Error(`stuck after ids ${seen.join(",") || "(none)"}`) })
      )
      const ids = events.map((event) => event.id)
      yield* check(ids.join(",") === "1,2,3,4,5,6", `ids ${ids.join(",")}`)
    }))],
    ["an event stream that goes quiet reconnects after its idleTimeout", onFetch(Effect.gen(function* () {
      const backoff = Retry.policy({ base: "10 millis" })
      const events = yield* Http.sse(`${api}/sse?count=4&stall_after=2`, { backoff, idleTimeout: "500 millis" }).pipe(
        collect,
        timeoutFail({ duration: "15 seconds", onTimeout: () => new Error("the stalled stream was not given up") })
      )
      const ids = events.map((event) => event.id)
      yield* check(ids.join(",") === "1,2,3,4", `ids ${ids.join(",")}`)
    }))],
    ["a 204 (DELETE) ends with an empty body", onFetch(Effect.gen(function* () {
      const res = yield* Http.del(`${api}/status/204`)
      const text = yield* res.text
      yield* check(res.status === 204 && text === "", `status ${res.status}, body ${JSON.stringify(text)}`)
    }))],
    ["a cached response is revalidated with a 304", onFetch(Effect.gen(function* () {
      const api$ = Http.make({ cache: true })
      const first = yield* api$.get(`${api}/cache`)
      yield* first.bytes
      const second = yield* api$.get(`${api}/cache`)
      yield* second.bytes
      yield* check(first.cache === "miss" && second.cache === "revalidated", `${first.cache} then ${second.cache}`)
    }))],
    ["a same-origin redirect is followed, and the response says where it landed", onFetch(Effect.gen(function* () {
      const res = yield* Http.get(`${api}/redirect/2`)
      yield* check(res.url === `${api}/get` && res.redirects.at(-1) === `${api}/get`, `url ${res.url}, redirects ${res.redirects.join(" ")}`)
    }))],
    ["a cross-origin redirect is followed without Authorization", onFetch(Effect.gen(function* () {
      const target = `${other}/headers`
      const res = yield* Http.get(`${api}/redirect-to?url=${encodeURIComponent(target)}`, { auth: Auth.bearer("s3cret") })
      const seen = yield* res.decode(Headers)
      const names = Object.keys(seen.headers).map((name) => name.toLowerCase())
      yield* check(res.url === target, `url ${res.url}`)
      yield* check(!names.includes("authorization"), `the other origin saw ${names.join(", ")}`)
    }))],
    ["a session keeps cookies (outside browsers: there the browser does)", onFetch(Effect.gen(function* () {
      if (inBrowser) return
      const session = Http.make({ cookies: true })
      yield* session.get(`${api}/cookies/set?flavour=oat`)
      const seen = yield* session.get(`${api}/cookies`).pipe(Effect.flatMap((res) => res.json))
      yield* check(JSON.stringify(seen) === JSON.stringify({ cookies: { flavour: "oat" } }), JSON.stringify(seen))
    }))],
    ["MockHttp answers a route", Effect.gen(function* () {
      const user = yield* Http.get("https://api.test/users/1").pipe(
        Effect.flatMap((res) => res.decode(User)),
        Effect.provide(MockHttp.layer([MockHttp.get("/users/:id", (req) => MockHttp.json({ id: Number(req.params.id), login: "ada" }))]))
      )
      yield* check(user.id === 1 && user.login === "ada", JSON.stringify(user))
    })]
  ]
}

/** Runs every check, each bounded, and collects the outcomes. */
export const run = (config: Config): Promise<ReadonlyArray<Outcome>> =>
  Effect.runPromise(Effect.forEach(checks(config), ([name, effect]) =>
    effect.pipe(
      timeoutFail({ duration: "20 seconds", onTimeout: () => new Error("did not finish in 20 s") }),
      Effect.match({
        onSuccess: (): Outcome => ({ name, ok: true, detail: "" }),
        onFailure: (error): Outcome => ({ name, ok: false, detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) })
      })
    )))

// In a page: the config comes from the page, the outcomes go back to it.
const page = globalThis as { __config?: Config; __results?: ReadonlyArray<Outcome> }
if (page.__config !== undefined) {
  run(page.__config).then((outcomes) => {
    page.__results = outcomes
  })
}
