import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { httpServer, runTypeScript } from "./helpers.js"
import { redisAvailable, redisMissing, redisServer } from "./redis.js"

const worker = join(import.meta.dirname, "fixtures", "rateLimitWorker.ts")

describe.skipIf(!redisAvailable)(`a rate limit shared through Redis (${redisAvailable ? "redis-server found" : redisMissing})`, () => {
  // Real time by nature: three processes and one Redis. Only a lower bound on the run's span is
  // asserted: a stalled event loop here stamps delayed requests together, so a count per clock
  // second would measure the machine, not the limiter. The spacing
  // itself (one every 100 ms, at most 10 in a second) is asserted in virtual time in
  // test/resilience.test.ts, with the same options.
  it.scopedLive("three processes at 10 requests/s together: 100 requests span at least 7 s (unshared: under 4 s)", () =>
    Effect.gen(function* () {
      const redis = yield* redisServer
      const arrivals: Array<number> = []
      const { url } = yield* httpServer((_req, res) => {
        arrivals.push(Date.now())
        res.writeHead(200, { "content-type": "text/plain" }).end("ok")
      })
      yield* Effect.forEach(
        [34, 33, 33],
        (count) => runTypeScript(worker, [String(redis.port), `${url}/item`, String(count)], 60_000),
        { concurrency: "unbounded" }
      )
      expect(arrivals).toHaveLength(100)
      // The 100 permits, one per 100 ms, span 9.9 s; a stall can delay the first arrival by
      // some of that, hence 7 s. Unshared, the processes overlap: 3.6 s measured.
      expect(arrivals[99]! - arrivals[0]!).toBeGreaterThanOrEqual(7000)
    }), 90_000)
})
