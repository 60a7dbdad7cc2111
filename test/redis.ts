/**
 * A real redis-server for the tests that need one: started on a free
 * loopback port in a temporary directory, stopped with the scope. CI
 * installs the Debian package (`.ci/run`); where it cannot be installed,
 * `redisAvailable` is false and those tests are skipped with that reason.
 */
import { spawn, spawnSync } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, type Scope } from "effect"
import { closedPort } from "./helpers.js"

export const redisAvailable = spawnSync("redis-server", ["--version"]).status === 0

export const redisMissing = "redis-server is not installed (apt-get install redis-server; .ci/run does it)"

export const redisServer: Effect.Effect<{ readonly port: number }, never, Scope.Scope> = Effect.flatMap(closedPort, (port) =>
  Effect.acquireRelease(
    Effect.promise(() =>
      new Promise<{ port: number; stop: () => Promise<void> }>((resolve, reject) => {
        const dir = mkdtempSync(join(tmpdir(), "effect-requests-redis-"))
        const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir], {
          stdio: ["ignore", "pipe", "inherit"]
        })
        const timer = setTimeout(() => reject(new Error("redis-server did not start within 10 s")), 10_000)
        let output = ""
        child.stdout.on("data", (data: Buffer) => {
          output += data.toString()
          if (output.includes("Ready to accept connections")) {
            clearTimeout(timer)
            resolve({
              port,
              stop: () =>
                new Promise<void>((done) => {
                  child.once("exit", () => {
                    rmSync(dir, { recursive: true, force: true })
                    done()
                  })
                  child.kill()
                })
            })
          }
        })
        child.once("error", reject)
      })
    ),
    (redis) => Effect.promise(() => redis.stop())
  ))
