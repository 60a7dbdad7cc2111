/**
 * Credentials for the `auth` option of a request or a session. They become
 * an `Authorization` header when the request is sent, are never printed
 * (they are kept `Redacted`), and are dropped for good as soon as a redirect
 * leaves the origin they were given for.
 *
 * @since 0.1.0
 */
import type * as FileSystem from "#line/platform/FileSystem"
import type * as PlatformError from "#line/platform/PlatformError"
import type * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type * as Middleware from "./Middleware.js"
import * as Digest from "./internal/digest.js"
import * as Netrc from "./internal/netrc.js"
import type * as AuthTypes from "./internal/types/auth.js"
import * as Refreshing from "./internal/refreshing.js"

/**
 * A credential for the `auth` option: Basic or Bearer.
 *
 * @example
 * ```ts
 * import { Auth } from "effect-requests"
 *
 * const credentials: Auth.Auth = Auth.bearer("token")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Auth = Basic | Bearer

/**
 * HTTP Basic authentication (RFC 7617).
 *
 * @example
 * ```ts
 * import { Auth } from "effect-requests"
 *
 * const auth = Auth.basic("user", "pass")
 * if (auth._tag === "Basic") console.log(auth.username) // "user"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Basic {
  readonly _tag: "Basic"
  readonly username: string
  readonly password: Redacted.Redacted<string>
}

/**
 * A bearer token (RFC 6750).
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import { Auth } from "effect-requests"
 *
 * const auth = Auth.bearer("token")
 * if (auth._tag === "Bearer") console.log(Redacted.value(auth.token))
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Bearer {
  readonly _tag: "Bearer"
  readonly token: Redacted.Redacted<string>
}

const toRedacted = (value: string | Redacted.Redacted<string>): Redacted.Redacted<string> =>
  Redacted.isRedacted(value) ? value : Redacted.make(value)

/**
 * Basic authentication, like requests' `auth=(user, password)`.
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import { Auth, Http } from "effect-requests"
 *
 * const program = Http.get("http://127.0.0.1:8080/basic-auth/user/pass", {
 *   auth: Auth.basic("user", Redacted.make("pass"))
 * })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const basic = (username: string, password: string | Redacted.Redacted<string>): Auth => ({
  _tag: "Basic",
  username,
  password: toRedacted(password)
})

/**
 * Bearer token authentication (`Authorization: Bearer <token>`).
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import { Auth, Http } from "effect-requests"
 *
 * const api = Http.make({ auth: Auth.bearer(Redacted.make("s3cr3t")) })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const bearer = (token: string | Redacted.Redacted<string>): Auth => ({
  _tag: "Bearer",
  token: toRedacted(token)
})

const utf8 = new TextEncoder()

const base64 = (s: string): string => {
  let binary = ""
  for (const byte of utf8.encode(s)) binary += String.fromCharCode(byte)
  return btoa(binary)
}

/**
 * The `Authorization` header value for a credential. Basic credentials are
 * UTF-8 encoded before base64 (RFC 7617 §2.1), as browsers and curl do.
 *
 * @example
 * ```ts
 * import { Auth } from "effect-requests"
 *
 * Auth.toHeader(Auth.basic("user", "pass")) // "Basic dXNlcjpwYXNz"
 * ```
 *
 * @since 0.1.0
 * @category conversions
 */
export const toHeader = (auth: Auth): string =>
  auth._tag === "Basic"
    ? `Basic ${base64(`${auth.username}:${Redacted.value(auth.password)}`)}`
    : `Bearer ${Redacted.value(auth.token)}`

/**
 * A token and how long it lasts, as `Auth.refreshing`'s `getToken` gives it.
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import type { Auth } from "effect-requests"
 *
 * const token: Auth.Token = { token: Redacted.make("abc"), expiresIn: "1 hour" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Token extends AuthTypes.Token {}

/**
 * Options of `Auth.refreshing`.
 *
 * @example
 * ```ts
 * import type { Auth } from "effect-requests"
 *
 * const options: Auth.RefreshingOptions = { refreshBefore: "1 minute", scheme: "Bearer" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface RefreshingOptions extends AuthTypes.RefreshingOptions {}

/**
 * A token that refreshes itself, as a session middleware: `getToken` runs
 * on the first request and again when the token held is about to expire
 * (on Effect's Clock, so `TestClock` drives it); requests that find it
 * stale together share one refresh. A 401 gets one refresh and one resend
 * within the same attempt (not counted as a retry; a request with a stream
 * body is not resent), never more. `getToken`'s error and requirements join
 * the session's type. Like `auth`, the token never follows a redirect to
 * another origin.
 *
 * @example
 * ```ts
 * import { Duration, Effect, Redacted } from "effect"
 * import { Auth, Http } from "effect-requests"
 *
 * const getToken = Effect.succeed({ token: Redacted.make("from-your-identity-provider"), expiresIn: Duration.hours(1) })
 * const api = Http.make({ baseUrl: "https://api.example.com/", middleware: [Auth.refreshing(getToken)] })
 * const program = api.get("me").pipe(Effect.provide(Http.layer))
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const refreshing: <E = never, R = never>(
  getToken: Effect.Effect<Token, E, R>,
  options?: RefreshingOptions
) => Middleware.Middleware<E, R> = Refreshing.make

/**
 * HTTP Digest authentication (RFC 7616), as a session middleware: a
 * request that gets a 401 with a `Digest` challenge is answered once
 * (MD5, SHA-256 or their `-sess` forms; `qop=auth`, or none); the
 * challenge is kept per origin, so later requests answer it at once with a
 * counting `nc` until the server says the nonce is stale. The password is
 * never sent, only hashes; like `auth`, nothing follows a redirect to
 * another origin. A second 401 to an answered challenge is the answer.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Auth, Http } from "effect-requests"
 *
 * const camera = Http.make({ baseUrl: "http://192.168.1.20/", middleware: [Auth.digest("admin", "secret")] })
 * const program = camera.get("snapshot.jpg").pipe(Effect.provide(Http.layer))
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const digest = (username: string, password: string | Redacted.Redacted<string>): Middleware.Middleware =>
  Digest.make(username, toRedacted(password))

/**
 * Credentials from a `.netrc` file, as requests and curl read them, as a
 * session middleware: a request without an `Authorization` of its own gets
 * Basic auth from the entry of the host it goes to (or the `default`
 * entry). Opt-in; the file is `path`, else `$NETRC`, else `~/.netrc`, read
 * once through the platform's `FileSystem`; no file means no credentials,
 * and a file that cannot be read fails the request with its error. Unlike
 * requests, a redirect to another host gets no credentials from the file:
 * a chain that left the origin gets none back.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Auth, Http } from "effect-requests"
 *
 * const api = Http.make({ baseUrl: "http://127.0.0.1:8080/", middleware: [Auth.netrc()] })
 * const program = api.get("basic-auth/ada/s3cret")
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const netrc = (options: { readonly path?: string | undefined } = {}): Middleware.Middleware<PlatformError.PlatformError, FileSystem.FileSystem> =>
  Netrc.make(options, (login, password) => toHeader(basic(login, password)))
