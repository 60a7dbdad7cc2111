/**
 * `Http.download`: a response's body streamed into a file through
 * @effect/platform's `FileSystem`, never held in memory.
 *
 * @internal
 */
import * as FileSystem from "#line/platform/FileSystem"
import type * as HttpClient from "#line/http/HttpClient"
import type * as PlatformError from "#line/platform/PlatformError"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type * as HttpError from "../HttpError.js"
import type * as Http from "./types.js"

/** @internal */
export const toFile = (
  request: Http.Request,
  path: string
): Effect.Effect<{ readonly path: string; readonly bytes: number; readonly response: Http.Response }, HttpError.HttpError | PlatformError.PlatformError, HttpClient.HttpClient | FileSystem.FileSystem> =>
  Effect.flatMap(FileSystem.FileSystem, (fs) =>
    Effect.flatMap(request, (response) => {
      let bytes = 0
      // The platform's file sink refuses an empty write, which a transport may emit.
      const counted = response.stream.pipe(
        Stream.filter((chunk) => chunk.length > 0),
        Stream.tap((chunk) =>
          Effect.sync(() => {
            bytes += chunk.length
          })
        )
      )
      return Effect.map(Stream.run(counted, fs.sink(path)), () => ({ path, bytes, response }))
    }))
