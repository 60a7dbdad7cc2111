/**
 * Downloading a file with progress: the body streams to disk (never held
 * in memory) and `onProgress` reports as it goes.
 *
 *   npx tsx examples/download-progress.ts
 */
import * as os from "node:os"
import * as path from "node:path"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import { Console, Effect } from "effect"
import { Http } from "effect-requests"
import { runExample } from "./run.js"

runExample((base) =>
  Effect.gen(function* () {
    const target = path.join(os.tmpdir(), `effect-requests-example-${process.pid}.bin`)
    let shown = -1
    const result = yield* Http.download(`${base}/stream-bytes/3145728`, target, {
      onProgress: (p) => {
        const decile = Math.floor((p.percent ?? 0) / 10)
        if (decile === shown) return Effect.void
        shown = decile
        return Console.log(`${p.transferred} / ${p.total ?? "?"} bytes (${Math.round(p.percent ?? 0)}%)`)
      }
    })
    yield* Console.log(`saved ${result.bytes} bytes to ${result.path}`)
    if (result.bytes !== 3145728 || shown !== 10) return yield* Effect.fail(new Error("the download or its progress fell short"))
    yield* Effect.promise(() => import("node:fs/promises").then((fs) => fs.rm(target)))
  }).pipe(Effect.provide(NodeFileSystem.layer))
)
