/**
 * One worker of `npm run demo:scale`: a session sharing a rate limit (10
 * requests/s) and an HTTP cache with the other workers through Redis. It
 * asks for `count` resources, half of them a few cacheable URLs over and
 * over, and prints what it saw as one JSON line.
 */
import * as PersistenceRedis from "@effect/experimental/Persistence/Redis"
import * as RateLimiter from "@effect/experimental/RateLimiter"
import * as RateLimiterRedis from "@effect/experimental/RateLimiter/Redis"
import { Effect, Layer } from "effect"
import { Http } from "effect-requests"
import { NodeHttp } from "effect-requests/node"

const [port, base, name, count] = process.argv.slice(2) as [string, string, string, string]
const redis = { host: "127.0.0.1", port: Number(port) }
const api = Http.make({
  // 10 per second, spaced evenly (see test/fixtures/rateLimitWorker.ts).
  rateLimit: { limit: 1, interval: "100 millis", algorithm: "token-bucket", key: "demo-scale" },
  cache: { store: "persistence", storeId: "demo-scale" }
})

const program = Effect.gen(function* () {
  const started = Date.now()
  const seen: Record<string, number> = {}
  yield* Effect.forEach(Array.from({ length: Number(count) }, (_, i) => i), (i) =>
    // Every other request is for one of four cacheable resources; the rest
    // are all different, so only the shared limit paces them.
    // The body is read, as a caller would: a response is stored once read to its end.
    Effect.flatMap(api.get(i % 2 === 0 ? `${base}/cache/30?item=${i % 8}` : `${base}/get?worker=${name}&i=${i}`), (res) =>
      Effect.map(res.text, () => {
        const status = res.cache ?? "none"
        seen[status] = (seen[status] ?? 0) + 1
      })), { concurrency: 4, discard: true })
  process.stdout.write(`${JSON.stringify({ name, requests: Number(count), seconds: (Date.now() - started) / 1000, ...seen })}\n`)
})

const layers = Layer.mergeAll(
  NodeHttp.layer,
  PersistenceRedis.layer(redis),
  RateLimiter.layer.pipe(Layer.provide(RateLimiterRedis.layerStore(redis)))
)
Effect.runPromise(program.pipe(Effect.provide(layers))).then(
  () => process.exit(0),
  (error) => {
    console.error(error)
    process.exit(1)
  }
)
