import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { httpServer, runTypeScript } from "./helpers.js"
import { redisAvailable, redisMissing, redisServer } from "./redis.js"

const worker = join(import.meta.dirname, "fixtures", "rateLimitWorker.ts")

describe.skipIf(!redisAvailable)(`a rate limit shared through Redis (${redisAvailable ? "redis-server found" : redisMissing})`, () => {
  // Real time by nature: three processes and a server that notes when each request lands.
  it.scopedLive("three processes at 10 requests/s together: 100 requests take at least 9 s, never more than 12 in a second", () =>
    Effect.gen(function* () {
      const redis = yield* redisServer
      const arrivals: Array<number> = []
      const { url } = yield* httpServer((_req, res) => {
        arrivals.push(Date.now())
        res.writeHead(200, { "content-type": "text/plain" }).end("ok")
      })
      const started = Date.now()
      yield* Effect.forEach(
        [34, 33, 33],
        (count) => runTypeScript(worker, [String(redis.port), `${url}/item`, String(count)], 60_000),
        { concurrency: "unbounded" }
      )
      const elapsed = Date.now() - started
      expect(arrivals).toHaveLength(100)
      // Wall time of the whole run: the limit's effect is what is measured here.
      expect(elapsed).toBeGreaterThanOrEqual(9000)
      const perSecond = new Map<number, number>()
      for (const at of arrivals) perSecond.set(Math.floor(at / 1000), (perSecond.get(Math.floor(at / 1000)) ?? 0) + 1)
      expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(12)
    }), 90_000)
})
