/**
 * Requests for Effect: `Http.get(url)` is an `Effect` that needs only an
 * `HttpClient` (effect 4's `effect/http`, effect 3's `@effect/platform`), fails with a typed `HttpError`, and
 * gives a `Response` whose body can be read as text, JSON, bytes, a stream,
 * or decoded with a `Schema`.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "#line/http/HttpClient"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as FetchTransport from "./internal/fetch/transport.js"
import * as Transport from "./internal/transport.js"

export * from "./HttpOptions.js"
export * from "./HttpResponse.js"
export * from "./HttpSession.js"
export * from "./HttpStreaming.js"

/**
 * The default transport: the runtime's global `fetch` (Node, Bun, Deno,
 * browsers; no dependency) as a platform `HttpClient`, with redirects left
 * to this library so that they follow the same rules everywhere, and the
 * attempt's timeout kept by one timer that aborts the fetch. In browsers,
 * fetch hides redirect responses, so there a redirect arrives as status 0.
 * A small body (declared length up to 64 KiB, not compressed) arrives with
 * its response; an interrupted request is aborted as its fiber ends.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 *
 * Http.get("http://127.0.0.1:8080/get").pipe(Effect.provide(Http.layer), Effect.runPromise)
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<HttpClient.HttpClient> = Transport.layer(Effect.sync(() => FetchTransport.make()))

/**
 * The fetch transport with options: a `fetch` of your own (one that adds a
 * TLS trust store or client certificate through an undici `dispatcher`,
 * which only the `fetch` of the same undici accepts: undici's own `fetch`
 * with its `Agent`, as Node's global fetch bundles another undici major;
 * an instrumented fetch; a polyfill); the browser's `credentials` mode
 * (whether the browser's own cookies and HTTP auth go along; fetch's
 * `"same-origin"` when not given: in a browser the session's cookie jar
 * sees no `Set-Cookie`, the browser's cookies are the ones that apply);
 * and who follows `redirects`: `"library"` (its rules: credentials
 * stripped across origins, no https→http, `redirects` counted) where the
 * runtime shows redirects (Node, Bun, Deno), `"runtime"` in browsers, which
 * hide them from scripts: the browser follows them with its own rules
 * (Chromium drops Authorization across origins) and `response.url` and
 * `response.redirects` say where it landed.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Http } from "effect-requests"
 *
 * const logged: typeof fetch = (input, init) => {
 *   console.log("fetching", String(input))
 *   return globalThis.fetch(input, init)
 * }
 * const program = Http.get("http://127.0.0.1:8080/get").pipe(Effect.provide(Http.layerWith({ fetch: logged })))
 * const withCookies = Http.layerWith({ credentials: "include" })
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerWith = (options: {
  readonly fetch?: typeof globalThis.fetch | undefined
  /** The fetch standard's credentials mode. */
  readonly credentials?: "omit" | "same-origin" | "include" | undefined
  /** @default "runtime" in a browser, "library" elsewhere */
  readonly redirects?: "library" | "runtime" | undefined
}): Layer.Layer<HttpClient.HttpClient> =>
  Transport.layer(Effect.sync(() => FetchTransport.make(options.fetch, options.credentials, options.redirects)))
