/**
 * Testing HTTP code without a server: the code under test asks for an
 * `HttpClient`; the test gives it MockHttp with the answers it needs
 * (including failures a real server cannot easily stage) and checks what
 * was sent. In a test suite this body goes in `it.effect` of
 * @effect/vitest; here it runs as a program and exits 1 on a mismatch.
 *
 *   npx tsx examples/testing-with-mockhttp.ts
 */
import { Console, Effect, Schema } from "effect"
import { Http, Retry } from "effect-requests"
import { MockHttp } from "effect-requests/testing"

// The code under test.
const User = Schema.Struct({ id: Schema.Number, name: Schema.String })
const fetchUser = (id: number) =>
  Http.get(`https://api.example.com/users/${id}`, { retry: Retry.policy({ base: "1 millis" }) }).pipe(Http.decode(User))

const check = (ok: boolean, what: string) => ok ? Console.log(`ok: ${what}`) : Effect.fail(new Error(`failed: ${what}`))

const test = Effect.gen(function* () {
  const user = yield* fetchUser(1)
  yield* check(user.name === "Ada", "decodes the user")
  const flaky = yield* fetchUser(2)
  yield* check(flaky.name === "Grace", "retries a 503 and then succeeds")
  const missing = yield* Effect.flip(fetchUser(3))
  yield* check(missing._tag === "StatusError", "a 404 is a typed StatusError")
  const calls = yield* MockHttp.calls
  yield* check(calls.map((c) => c.url).join() === [1, 2, 2, 3].map((n) => `https://api.example.com/users/${n}`).join(), "sent exactly the expected requests")
}).pipe(
  Effect.provide(MockHttp.layer([
    MockHttp.get("https://api.example.com/users/1", MockHttp.json({ id: 1, name: "Ada" })),
    MockHttp.get("https://api.example.com/users/2", MockHttp.sequence([MockHttp.status(503), MockHttp.json({ id: 2, name: "Grace" })])),
    MockHttp.get("https://api.example.com/users/:id", MockHttp.status(404))
  ]))
)

Effect.runPromise(test).then(
  () => process.exit(0),
  (error) => {
    console.error(error)
    process.exit(1)
  }
)
