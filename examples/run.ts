/**
 * How every example runs: against the URL given on the command line, or,
 * with none, against the embedded loopback httpbin (no network), over the
 * Node transport. A failure prints and exits 1, so CI notices.
 */
import type { HttpClient } from "@effect/platform"
import { Effect, Layer } from "effect"
import { NodeHttp } from "effect-requests/node"
import { TestServer } from "effect-requests/testing"

export const runExample = <E>(program: (base: string) => Effect.Effect<void, E, HttpClient.HttpClient>) => {
  const given = process.argv[2]
  const base = given === undefined ? TestServer.url : Effect.succeed(given.replace(/\/$/, ""))
  const main = Effect.flatMap(base, program).pipe(Effect.provide(Layer.merge(TestServer.layer, NodeHttp.layer)))
  Effect.runPromise(main).then(
    () => process.exit(0),
    (error) => {
      console.error(error)
      process.exit(1)
    }
  )
}
