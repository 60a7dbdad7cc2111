/**
 * Retries that respect the server: a 429 with `Retry-After: 1` is retried
 * no sooner than a second later; a `Retry-After` beyond the policy's limit
 * fails at once instead of sleeping, with the wait the server asked for
 * on the error.
 *
 *   npx tsx examples/retry-after.ts
 */
import { Console, Duration, Effect } from "effect"
import { Http, Retry } from "effect-requests"
import { runExample } from "./run.js"

runExample((base) =>
  Effect.gen(function* () {
    const api = Http.make({ retry: Retry.policy({ times: 1, retryAfter: { max: "10 seconds" } }) })

    const started = Date.now()
    const polite = yield* api.get(`${base}/problem/429?retry_after=1`).pipe(Effect.flip)
    yield* Console.log(`${polite.message} — after ${Date.now() - started} ms`)

    const tooLong = yield* api.get(`${base}/problem/429?retry_after=3600`).pipe(Effect.flip)
    const asked = tooLong._tag === "StatusError" && tooLong.retryAfter !== undefined ? Duration.format(tooLong.retryAfter) : "nothing"
    yield* Console.log(`${tooLong.message} — the server asked for ${asked}, so no retry`)
  })
)
