import { HttpClient, HttpClientError, HttpClientResponse } from "@effect/platform"
import { Clock, type Duration, Effect, Layer, Ref } from "effect"

/** One scripted answer: a status with headers, or a refused connection. */
export type Scripted =
  | { readonly status: number; readonly headers?: Record<string, string>; readonly delay?: Duration.DurationInput }
  | "refused"

export interface Seen {
  readonly method: string
  readonly url: string
  readonly at: number
  readonly headers: Readonly<Record<string, string>>
}

/**
 * A transport that answers from a script (the last answer repeats) and
 * records each request with the Clock time it arrived, for counting
 * attempts and measuring waits in virtual time.
 */
export const scripted = (script: ReadonlyArray<Scripted>) =>
  Effect.map(Ref.make<ReadonlyArray<Seen>>([]), (seen) => {
    const client = HttpClient.make((request) =>
      Effect.gen(function* () {
        const at = yield* Clock.currentTimeMillis
        const count = yield* Ref.modify(seen, (all) => [all.length, [...all, { method: request.method, url: request.url, at, headers: request.headers }]])
        const answer = script[Math.min(count, script.length - 1)]!
        if (answer === "refused") {
          const cause = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" })
          return yield* Effect.fail(new HttpClientError.RequestError({ request, reason: "Transport", cause }))
        }
        if (answer.delay !== undefined) yield* Effect.sleep(answer.delay)
        const body = answer.status === 204 || answer.status === 304 ? null : `{"status":${answer.status}}`
        return HttpClientResponse.fromWeb(request, new Response(body, { status: answer.status, headers: answer.headers ?? {} }))
      })
    )
    return { layer: Layer.succeed(HttpClient.HttpClient, client), seen: Ref.get(seen) }
  })
