/**
 * Record real HTTP traffic once, replay it in every test after: no
 * network, no flakiness, the real shapes of real responses. Wraps a real
 * transport layer; credentials are written as `<redacted>`, in headers,
 * URLs, and wherever a response body echoes them back.
 *
 * @since 0.1.0
 */
import * as Effects from "#line/effect"
import * as HttpClient from "#line/http/HttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Cassette from "./internal/testing/cassette.js"

/**
 * Options of `Cassette.layer`.
 *
 * @example
 * ```ts
 * import { Cassette } from "effect-requests/testing"
 *
 * const options: Cassette.Options = { mode: "auto", redact: ["x-api-key", "signature"] }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /**
   * `record` always calls the real transport and rewrites the file;
   * `replay` only serves from the file and fails on a request not in it;
   * `auto` replays when the file exists and records when it does not.
   * @default "auto"
   */
  readonly mode?: "record" | "replay" | "auto" | undefined
  /**
   * More header names and query parameters to write as `<redacted>`, beside
   * `authorization`, `proxy-authorization`, `cookie`, `set-cookie` and
   * credential query parameters.
   * @default []
   */
  readonly redact?: ReadonlyArray<string> | undefined
}

/**
 * An `HttpClient` that records the exchanges of the `HttpClient` it is given
 * into `file`, or replays them from it. Replay matches requests by method
 * and (redacted) URL, in recorded order, the last match repeating.
 *
 * @example
 * ```ts
 * import { Effect, Layer } from "effect"
 * import { Http } from "effect-requests"
 * import { Cassette } from "effect-requests/testing"
 *
 * const Recorded = Cassette.layer("test/fixtures/octocat.json", { mode: "auto" }).pipe(Layer.provide(Http.layer))
 * const program = Http.get("https://api.github.com/users/octocat").pipe(Effect.provide(Recorded))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (file: string, options: Options = {}): Layer.Layer<HttpClient.HttpClient, never, HttpClient.HttpClient> =>
  Layer.effect(
    HttpClient.HttpClient,
    Effect.gen(function* () {
      const real = yield* HttpClient.HttpClient
      const redact = Cassette.redactor(options.redact ?? [])
      const existing = yield* Effect.sync(() => Cassette.read(file))
      const mode = options.mode ?? "auto"
      if (mode === "replay" || (mode === "auto" && existing !== undefined)) {
        const interactions = existing?.interactions ?? []
        const used = new Set<number>()
        return HttpClient.make((request, url) => {
          const key = redact.url(url.href)
          const matching = interactions
            .map((interaction, index) => ({ interaction, index }))
            .filter(({ interaction }) => interaction.request.method === request.method && interaction.request.url === key)
          const next = matching.find(({ index }) => !used.has(index)) ?? matching.at(-1)
          if (next === undefined) {
            const known = interactions.map((i) => `  ${i.request.method} ${i.request.url}`).join("\n") || "  (none)"
            return Effects.dieMessage(`Cassette ${file}: no recorded exchange for ${request.method} ${key}; recorded:\n${known}`)
          }
          used.add(next.index)
          return Effect.succeed(Cassette.toResponse(request, next.interaction.response))
        })
      }
      const recorded: Cassette.File = { version: 1, interactions: [] }
      return HttpClient.make((request) =>
        Effect.gen(function* () {
          const response = yield* real.execute(request)
          const bytes = yield* Cassette.capture(response)
          const secrets = redact.secrets(request.headers, request.url)
          const stored = Cassette.encodeBody(bytes)
          const interaction: Cassette.Interaction = {
            request: {
              method: request.method,
              url: redact.url(request.url),
              headers: redact.headers(request.headers, false),
              body: redact.scrub(Cassette.requestBody(request), secrets)
            },
            response: {
              status: response.status,
              headers: redact.headers(response.headers, true),
              body: stored.encoding === "utf8" ? redact.scrub(stored.body, secrets) : stored.body,
              encoding: stored.encoding
            }
          }
          recorded.interactions.push(interaction)
          yield* Effect.sync(() => Cassette.write(file, recorded))
          return Cassette.toResponse(request, { ...stored, status: response.status, headers: redact.live(response.headers) })
        })
      )
    })
  )
