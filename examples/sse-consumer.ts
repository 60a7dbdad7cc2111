/**
 * Consuming Server-Sent Events: the connection drops after every 4 events,
 * the stream reconnects with `Last-Event-ID`, and each event's data is
 * decoded with a Schema. Every event arrives exactly once.
 *
 *   npx tsx examples/sse-consumer.ts
 */
import { Console, Effect, Schema, Stream } from "effect"
import { Http, Retry } from "effect-requests"
import { runExample } from "./run.js"

const Tick = Schema.Struct({ n: Schema.Number })

runExample((base) =>
  Effect.gen(function* () {
    const ticks = Http.sse(`${base}/sse?count=10&drop_after=4&retry=10`, { retry: Retry.policy({ base: "10 millis" }) }).pipe(
      Stream.mapEffect(Http.decodeEvent(Tick)),
      Stream.map((tick) => tick.n)
    )
    const seen = [...(yield* Stream.runCollect(ticks))]
    yield* Console.log(`events: ${seen.join(", ")}`)
    if (seen.join() !== "1,2,3,4,5,6,7,8,9,10") return yield* Effect.fail(new Error("an event was lost or repeated"))
  })
)
