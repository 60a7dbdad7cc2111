/**
 * Session configuration and per-request options, normalised once into plain
 * structures. Every option is read as an own property, so a polluted
 * `Object.prototype` (axios CVE-2026-42264) cannot inject a baseUrl, auth or
 * validateStatus.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Durations from "#line/duration"
import type * as UrlParams from "#line/http/UrlParams"
import type * as Auth from "../Auth.js"
import type * as Middleware from "../Middleware.js"
import type * as Http from "./types.js"
import * as Retry from "../Retry.js"
import type * as CookieJar from "./cookieJar.js"
import type * as Checked from "../core/checked.js"
import type * as Proxy from "../core/proxy.js"
import * as Url from "../core/url.js"
import { version } from "./version.js"

/** @internal */
export const own = <T extends object, K extends keyof T>(obj: T | undefined, key: K): T[K] | undefined =>
  obj !== undefined && obj !== null && Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined

/** Header input: `undefined` removes a header set by the session. @internal */
export type HeadersInput = Http.CommonOptions["headers"]

/** @internal */
export type SessionInput = Http.SessionConfig

/** A session's settings, resolved once when the session is made. @internal */
export interface Settings {
  readonly input: SessionInput
  readonly base: Checked.Checked<Url.Base> | undefined
  readonly allowAbsoluteUrls: boolean
  /** Lower-case names; `undefined` marks a header removed on purpose. */
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly params: UrlParams.Input | undefined
  readonly auth: Auth.Auth | undefined
  readonly timeoutMillis: number
  /** Infinity for none. */
  readonly deadlineMillis: number
  /** Infinity for none. */
  readonly idleTimeoutMillis: number
  readonly redirects: number
  readonly allowInsecureRedirects: boolean
  readonly validateStatus: ((status: number) => boolean) | undefined
  readonly maxBodySize: number
  readonly maxLineLength: number
  readonly retry: Retry.Retry
  readonly idempotencyKey: boolean
  readonly jar: CookieJar.Jar | undefined
  readonly proxy: Checked.Checked<Proxy.Routes> | undefined
  readonly log: "off" | "errors" | "all"
  readonly propagateTrace: boolean
  /** Undefined when there is none: a send then pays nothing for the feature. */
  readonly middleware: ReadonlyArray<Middleware.Any> | undefined
}

/** @internal */
export const defaults = {
  timeout: Duration.seconds(30),
  redirects: 20,
  maxBodySize: 64 * 1024 * 1024,
  maxLineLength: 1024 * 1024,
  userAgent: `effect-requests/${version}`,
  retry: Retry.policy()
} as const

/** @internal */
export const mergeHeaders = (
  into: Record<string, string | undefined>,
  input: HeadersInput | undefined
): Record<string, string | undefined> => {
  if (input === undefined || input === null) return into
  for (const name of Object.keys(input)) {
    const value = input[name]
    into[name.toLowerCase()] = value === undefined ? undefined : String(value)
  }
  return into
}

/** Millis of a duration, or NaN for input that is not a duration (checked when a request is built). @internal */
export const toMillis = (input: Durations.Input): number => {
  // Duration would clamp a negative number to zero: a typo, not "no time at all".
  if (typeof input === "number" && input < 0) return Number.NaN
  const decoded = Durations.decodeUnknown(input)
  return decoded === undefined ? Number.NaN : Duration.toMillis(decoded)
}

/** The redirect limit, or NaN for a value that is not one (checked when a request is built). @internal */
export const redirectLimit = (value: number | false | undefined, fallback: number): number =>
  value === undefined ? fallback : value === false ? 0 : Number.isInteger(value) && value >= 0 ? value : Number.NaN

const middlewareOf = (list: ReadonlyArray<Middleware.Any> | undefined): ReadonlyArray<Middleware.Any> | undefined =>
  list === undefined || list.length === 0 ? undefined : [...list]

/** @internal */
export const makeSettings = (input: SessionInput): Settings => {
  const baseUrl = own(input, "baseUrl")
  const timeout = own(input, "timeout")
  const maxBodySize = own(input, "maxBodySize")
  const deadline = own(input, "deadline")
  const idleTimeout = own(input, "idleTimeout")
  return {
    input,
    base: baseUrl === undefined ? undefined : Url.makeBase(baseUrl),
    allowAbsoluteUrls: own(input, "allowAbsoluteUrls") === true,
    headers: mergeHeaders({ "user-agent": defaults.userAgent }, own(input, "headers")),
    params: own(input, "params"),
    auth: own(input, "auth"),
    timeoutMillis: timeout === undefined ? Duration.toMillis(defaults.timeout) : toMillis(timeout),
    deadlineMillis: deadline === undefined ? Infinity : toMillis(deadline),
    idleTimeoutMillis: idleTimeout === undefined ? Infinity : toMillis(idleTimeout),
    redirects: redirectLimit(own(input, "redirects"), defaults.redirects),
    allowInsecureRedirects: own(input, "allowInsecureRedirects") === true,
    validateStatus: own(input, "validateStatus"),
    maxBodySize: maxBodySize ?? defaults.maxBodySize,
    maxLineLength: own(input, "maxLineLength") ?? defaults.maxLineLength,
    retry: own(input, "retry") ?? defaults.retry,
    idempotencyKey: own(input, "idempotencyKey") === true,
    // A session gives its jar and proxy (session.ts): a program that makes
    // no session bundles no cookie or proxy code.
    jar: undefined,
    proxy: undefined,
    log: own(input, "log") ?? "off",
    propagateTrace: own(input, "tracePropagation") !== false,
    middleware: middlewareOf(own(input, "middleware"))
  }
}

/**
 * A session's input extended by another: headers and params merge (the
 * later wins per name), every other field is replaced when given.
 *
 * @internal
 */
export const extendInput = (self: SessionInput, that: SessionInput): SessionInput => {
  const out: Record<string, unknown> = {}
  for (const source of [self, that]) {
    for (const key of Object.keys(source) as Array<keyof SessionInput>) {
      const value = source[key]
      if (value !== undefined) out[key] = value
    }
  }
  const headers = mergeHeaders(mergeHeaders({}, own(self, "headers")), own(that, "headers"))
  // The session's middleware stay outermost; the extension's run inside them.
  const middleware = [...own(self, "middleware") ?? [], ...own(that, "middleware") ?? []]
  return { ...out, headers, params: mergeParams(own(self, "params"), own(that, "params")), middleware }
}

const toEntries = (input: UrlParams.Input): Array<readonly [string, unknown]> =>
  Symbol.iterator in input ? Array.from(input as Iterable<readonly [string, unknown]>) : Object.entries(input)

const isPlainRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)

const isAbsent = (value: unknown): boolean => value === null || value === undefined

/**
 * Parameters without those whose value is null or undefined, in a list
 * and in a nested record too: requests' rule, and what the type allows
 * (the platform would send `null` as text, or fail on it).
 *
 * @internal
 */
export const withoutAbsent = (input: UrlParams.Input): UrlParams.Input => {
  if (input instanceof URLSearchParams) return input
  const kept: Array<readonly [string, unknown]> = []
  for (const [name, value] of toEntries(input)) {
    if (isAbsent(value)) continue
    kept.push([
      name,
      Array.isArray(value) ? value.filter((item) => !isAbsent(item)) : isPlainRecord(value) ? withoutAbsent(value as UrlParams.Input) : value
    ])
  }
  return (isPlainRecord(input) ? Object.fromEntries(kept) : kept) as UrlParams.Input
}

/**
 * Query parameters of `that` replace those of `self` with the same name.
 * Nothing is flattened here: nesting is expanded (and may fail) only when a
 * request is built, inside its error channel.
 *
 * @internal
 */
export const mergeParams = (
  self: UrlParams.Input | undefined,
  that: UrlParams.Input | undefined
): UrlParams.Input | undefined => {
  if (self === undefined || that === undefined) return self ?? that
  const later = toEntries(that)
  const names = new Set(later.map(([name]) => name))
  return [...toEntries(self).filter(([name]) => !names.has(name)), ...later] as UrlParams.Input
}
