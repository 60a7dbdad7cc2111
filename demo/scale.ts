/**
 * `npm run demo:scale`: three processes behind one Redis share a rate limit
 * of 10 requests/s and one HTTP cache. Starts redis-server (it must be
 * installed: apt-get install redis-server) and the embedded httpbin, runs
 * the workers, and prints each one's request rate and cache hit rate.
 */
import { execFile } from "node:child_process"
import { join } from "node:path"
import { promisify } from "node:util"
import { Console, Effect } from "effect"
import { TestServer } from "effect-requests/testing"
import { redisAvailable, redisMissing, redisServer } from "../test/redis.js"

interface Report {
  readonly name: string
  readonly requests: number
  readonly seconds: number
  readonly hit?: number
  readonly miss?: number
}

const tsx = join(import.meta.dirname, "..", "node_modules", ".bin", "tsx")
const worker = join(import.meta.dirname, "scale-worker.ts")

const main = Effect.gen(function* () {
  if (!redisAvailable) return yield* Effect.fail(new Error(redisMissing))
  const redis = yield* redisServer
  const server = yield* TestServer.make()
  yield* Console.log(`redis on 127.0.0.1:${redis.port}, httpbin at ${server.url}; 3 workers x 40 requests, one limit of 10/s\n`)
  const started = Date.now()
  const reports = yield* Effect.forEach(["worker-1", "worker-2", "worker-3"], (name) =>
    Effect.promise(() => promisify(execFile)(tsx, [worker, String(redis.port), server.url, name, "40"], { timeout: 120_000 })).pipe(
      Effect.map(({ stdout }) => JSON.parse(stdout.trim()) as Report)
    ), { concurrency: "unbounded" })
  const wall = (Date.now() - started) / 1000
  const reached = (yield* server.received).length
  for (const r of reports) {
    const hits = r.hit ?? 0
    const line = `${r.requests} requests in ${r.seconds.toFixed(1)} s = ${(r.requests / r.seconds).toFixed(1)}/s`
    yield* Console.log(`${r.name}: ${line}, cache hits ${hits} (${Math.round((100 * hits) / r.requests)}%)`)
  }
  const total = reports.reduce((sum, r) => sum + r.requests, 0)
  const hits = reports.reduce((sum, r) => sum + (r.hit ?? 0), 0)
  yield* Console.log(`\ntotal: ${total} requests in ${wall.toFixed(1)} s, ${reached} reached the server (${(reached / wall).toFixed(1)}/s), cache hits ${hits} (${Math.round((100 * hits) / total)}%)`)
})

Effect.runPromise(Effect.scoped(main)).then(
  () => process.exit(0),
  (error) => {
    console.error(String(error))
    process.exit(1)
  }
)
