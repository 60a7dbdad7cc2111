import { type Duration, Effect, Fiber, Layer } from "effect"
import { Http } from "effect-requests"
import { MockHttp } from "effect-requests/testing"
import { TestClock, fork, toEither } from "#testline"

/** One scripted answer: a status with headers (and a delay), or a refused connection. */
export type Scripted =
  | { readonly status: number; readonly headers?: Record<string, string>; readonly delay?: Duration.DurationInput }
  | "refused"
  /** The transport refuses the request before it starts, with this undici code. */
  | { readonly refusedLocally: string }

const toResponse = (answer: Scripted): MockHttp.Response => {
  if (answer === "refused") return MockHttp.connectionError({ code: "ECONNREFUSED" })
  if ("refusedLocally" in answer) return MockHttp.connectionError({ code: answer.refusedLocally })
  const response = MockHttp.status(answer.status, { headers: answer.headers ?? {} })
  return answer.delay === undefined ? response : MockHttp.delay(answer.delay, response)
}

/**
 * MockHttp answering every request from a script (the last answer
 * repeats), built once so that the calls, with the Clock time each
 * arrived, can be read after the requests that used it.
 */
export const scripted = (script: ReadonlyArray<Scripted>) =>
  Effect.sync(() => {
    const context = Effect.runSync(Effect.scoped(Layer.build(MockHttp.layer([MockHttp.any("*", MockHttp.sequence(script.map(toResponse)))]))))
    return { layer: Layer.succeedContext(context), seen: Effect.provide(MockHttp.calls, context) }
  })

/**
 * Runs a request of a fresh session (so no retry budget carries over from
 * another test) against a script, letting virtual time pass until it ends.
 */
export const run = (
  script: ReadonlyArray<Scripted>,
  request: (http: Http.Session) => Http.Request,
  settle: Duration.DurationInput = "10 minutes"
) =>
  Effect.gen(function* () {
    const mock = yield* scripted(script)
    const fiber = yield* request(Http.make()).pipe(Effect.provide(mock.layer), toEither, fork)
    yield* TestClock.adjust(settle)
    const result = yield* Fiber.join(fiber)
    return { result, seen: yield* mock.seen }
  })
