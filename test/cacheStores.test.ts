import { mkdtempSync, readdirSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Persistence from "@effect/experimental/Persistence"
import * as PersistenceRedis from "@effect/experimental/Persistence/Redis"
import * as NodeKeyValueStore from "@effect/platform-node/NodeKeyValueStore"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { Http, Retry } from "effect-requests"
import { NodeHttp } from "effect-requests/node"
import { TestServer } from "effect-requests/testing"
import { runTypeScript } from "./helpers.js"
import { redisAvailable, redisMissing, redisServer } from "./redis.js"

const down = (method: string) => Effect.fail(Persistence.PersistenceBackingError.make(method, new Error("connection refused")))
const failingStore = Layer.succeed(Persistence.BackingPersistence, Persistence.BackingPersistence.of({
  [Persistence.BackingPersistenceTypeId]: Persistence.BackingPersistenceTypeId,
  make: () =>
    Effect.succeed({
      get: () => down("get"),
      getMany: () => down("getMany"),
      set: () => down("set"),
      setMany: () => down("setMany"),
      remove: () => down("remove"),
      clear: down("clear")
    })
}))

const persisted = () => Http.make({ cache: { store: "persistence" }, retry: Retry.none })
// The body read to its end: that is when a response is stored.
const status = (session: Http.Session, url: string) => Effect.map(Effect.tap(session.get(url), (res) => res.text), (res) => res.cache)

describe("cache stores", () => {
  it.scoped("Persistence.layerMemory: sessions sharing the layer share the cache", () =>
    Effect.gen(function* () {
      const server = yield* TestServer.make()
      const url = `${server.url}/cache/60`
      const statuses = yield* Effect.all([status(persisted(), url), status(persisted(), url), status(persisted(), url)])
      expect(statuses).toEqual(["miss", "hit", "hit"])
      expect((yield* server.received).length).toBe(1)
    }).pipe(Effect.provide(Layer.merge(NodeHttp.layer, Persistence.layerMemory))))

  it.scoped("files: Persistence.layerKeyValueStore over a directory keeps entries across layers", () =>
    Effect.gen(function* () {
      const server = yield* TestServer.make()
      const dir = yield* Effect.acquireRelease(
        Effect.sync(() => mkdtempSync(join(tmpdir(), "effect-requests-cache-"))),
        (path) => Effect.sync(() => rmSync(path, { recursive: true, force: true }))
      )
      const files = Persistence.layerKeyValueStore.pipe(Layer.provide(NodeKeyValueStore.layerFileSystem(dir)))
      const url = `${server.url}/cache/60?q=${"x".repeat(300)}`
      // Two separate layers (as two processes would have) over the same directory.
      const first = yield* status(persisted(), url).pipe(Effect.provide(Layer.merge(NodeHttp.layer, files)))
      const second = yield* status(persisted(), url).pipe(Effect.provide(Layer.merge(NodeHttp.layer, files)))
      expect([first, second]).toEqual(["miss", "hit"])
      expect(readdirSync(dir).length).toBeGreaterThan(0)
    }))

  it.scoped("a store that fails (Redis down) is a miss: requests still go out and succeed", () =>
    Effect.gen(function* () {
      const server = yield* TestServer.make()
      const url = `${server.url}/cache/60`
      const statuses = yield* Effect.all([status(persisted(), url), status(persisted(), url)])
      expect(statuses).toEqual(["miss", "miss"])
      expect((yield* server.received).length).toBe(2)
    }).pipe(Effect.provide(Layer.merge(NodeHttp.layer, failingStore))))

  it.scoped("store: \"persistence\" without a Persistence layer is an InvalidRequest, not a silent miss", () =>
    Effect.gen(function* () {
      const server = yield* TestServer.make()
      const err = yield* persisted().get(`${server.url}/cache/60`).pipe(Effect.flip)
      expect(err).toMatchObject({ _tag: "InvalidRequest" })
      expect(err.message).toContain("BackingPersistence")
      expect(yield* server.received).toEqual([])
    }).pipe(Effect.provide(NodeHttp.layer)))
})

describe.skipIf(!redisAvailable)(`Redis stores (${redisAvailable ? "redis-server found" : redisMissing})`, () => {
  it.scopedLive("a response fetched by one process is a hit in another", () =>
    Effect.gen(function* () {
      const redis = yield* redisServer
      const server = yield* TestServer.make()
      const url = `${server.url}/cache/60`
      const redisLayer = PersistenceRedis.layer({ host: "127.0.0.1", port: redis.port })
      const first = yield* status(persisted(), url).pipe(Effect.provide(Layer.merge(NodeHttp.layer, redisLayer)))
      expect(first).toBe("miss")
      const worker = join(import.meta.dirname, "fixtures", "redisCacheWorker.ts")
      const stdout = yield* runTypeScript(worker, [String(redis.port), url], 30_000)
      expect(stdout.trim()).toBe("hit")
      expect((yield* server.received).length).toBe(1)
    }), 40_000)
})
