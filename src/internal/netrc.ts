/**
 * `Auth.netrc`: Basic credentials from a `.netrc` file for the host a
 * request goes to, when the request has none of its own. The file is read
 * once, on the first request, through the platform's `FileSystem`.
 *
 * @internal
 */
import * as Effects from "#line/effect"
import * as HttpClientRequest from "#line/http/HttpClientRequest"
import * as FileSystem from "#line/platform/FileSystem"
import type * as PlatformError from "#line/platform/PlatformError"
import * as Effect from "effect/Effect"
import type * as Middleware from "../Middleware.js"
import * as Netrc from "../core/netrc.js"
import { environment } from "./environment.js"

/** @internal */
export interface Options {
  readonly path?: string | undefined
}

/** The file to read: the one given, else `$NETRC`, else `~/.netrc`; none without a home. @internal */
export const pathOf = (options: Options, env: Readonly<Record<string, string | undefined>>): string | undefined => {
  if (options.path !== undefined) return options.path
  if (env.NETRC !== undefined && env.NETRC !== "") return env.NETRC
  const home = env.HOME ?? env.USERPROFILE
  return home === undefined || home === "" ? undefined : `${home.replace(/[\\/]+$/, "")}/.netrc`
}

const empty: Netrc.Netrc = { machines: new Map(), fallback: undefined }

const read = (path: string | undefined): Effect.Effect<Netrc.Netrc, PlatformError.PlatformError, FileSystem.FileSystem> =>
  path === undefined ? Effect.succeed(empty) : Effect.flatMap(Effects.service(FileSystem.FileSystem), (fs) =>
    Effect.flatMap(fs.exists(path), (exists) =>
      // No file is no credentials, as in requests and curl; a file that cannot be read is an error to see.
      exists ? Effect.map(fs.readFileString(path), Netrc.parse) : Effect.succeed(empty)))

/** @internal `basic` makes the header (Auth's own, passed in: Auth imports this module). */
export const make = (
  options: Options,
  basic: (login: string, password: string) => string
): Middleware.Middleware<PlatformError.PlatformError, FileSystem.FileSystem> => {
  let loaded: Netrc.Netrc | undefined
  const entries: Effect.Effect<Netrc.Netrc, PlatformError.PlatformError, FileSystem.FileSystem> = Effect.suspend(() =>
    loaded !== undefined ? Effect.succeed(loaded) : Effect.map(read(pathOf(options, environment())), (netrc) => (loaded = netrc)))
  return (request, next, info) => {
    // The request's own credentials win; a hop that left the origin gets none back.
    if (request.headers["authorization"] !== undefined || info.crossOrigin) return next(request)
    return Effect.flatMap(entries, (netrc) => {
      const found = Netrc.lookup(netrc, info.url.hostname)
      // A login with ":" cannot be told apart from its password in Basic.
      if (found?.login === undefined || found.login.includes(":")) return next(request)
      return next(HttpClientRequest.setHeader(request, "authorization", basic(found.login, found.password ?? "")))
    })
  }
}
