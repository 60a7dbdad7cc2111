/**
 * A session's private HTTP cache (RFC 9111, with RFC 5861's
 * stale-while-revalidate and stale-if-error) around its network requests.
 * GET responses are stored; HEAD may be answered from them; an unsafe
 * method that succeeds invalidates what is stored for its URL.
 *
 * @internal
 */
import * as Effects from "#line/effect"
import * as HttpClientResponse from "#line/http/HttpClientResponse"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import type * as Http from "../types.js"
import * as HttpError from "../../HttpError.js"
import type { Prepared } from "../prepare.js"
import { ResponseImpl } from "../response.js"
import * as Policy from "../../core/cachePolicy.js"
import { hasNullBody } from "../../core/status.js"
import { isOriginFailure } from "../transient.js"
import type { Store } from "./store.js"

/** @internal */
export interface Cache {
  readonly store: Store
  readonly maxEntryBytes: number
}

/** How the cache asks the network: with conditional headers, and 304 as a success. @internal */
export type Send<R> = (conditional: Record<string, string> | undefined) => Effect.Effect<Http.Response, HttpError.HttpError, R>

const keyOf = (url: URL): string => {
  const copy = new URL(url.href)
  copy.hash = ""
  return copy.href
}

const unsafe = (method: string) => method !== "GET" && method !== "HEAD" && method !== "OPTIONS" && method !== "TRACE"


/** A response served from a stored entry. */
const fromEntry = (prepared: Prepared, entry: Policy.Entry, now: number, status: Http.CacheStatus): Http.Response => {
  const headers = { ...entry.headers, age: String(Math.floor(Policy.age(entry, now) / 1000)) }
  const body = hasNullBody(entry.status, prepared.method) ? null : entry.body as unknown as BodyInit
  const raw = HttpClientResponse.fromWeb(prepared.request, new Response(body, { status: entry.status, headers }))
  const response = new ResponseImpl(raw, entry.url, {
    method: prepared.method,
    redirects: [],
    deadline: Infinity,
    timeoutMillis: prepared.timeoutMillis,
    maxBodySize: prepared.maxBodySize,
    maxLineLength: prepared.maxLineLength,
    onProgress: prepared.onProgress
  })
  response.cache = status
  return response
}

/**
 * How long a store keeps an entry: its freshness left, then a day in which
 * it can still be revalidated or served stale.
 */
const keepFor = (entry: Policy.Entry, now: number): number =>
  Math.max(0, Policy.lifetime(entry) - Policy.age(entry, now)) + 24 * 3600 * 1000

/** A store that fails is a cache that misses: the request goes on regardless. */
const storeQuietly = (effect: Effect.Effect<void, string>): Effect.Effect<void> => Effect.ignore(effect)

/**
 * What `only-if-cached` gets when nothing stored may answer (RFC 9111
 * §5.2.1.7): a 504, which like any status is an error unless accepted.
 */
const gatewayTimeout = (prepared: Prepared, now: number): Effect.Effect<Http.Response, HttpError.HttpError> => {
  if (!prepared.validateStatus(504)) {
    return Effect.fail(new HttpError.StatusError({
      method: prepared.method,
      url: prepared.url.href,
      status: 504,
      statusText: "Gateway Timeout",
      headers: {},
      body: "only-if-cached: no stored response may answer",
      retryAfter: undefined
    }))
  }
  return Effect.succeed(fromEntry(prepared, {
    url: keyOf(prepared.url),
    status: 504,
    headers: { "content-length": "0" },
    body: new Uint8Array(0),
    varying: {},
    requestTime: now,
    responseTime: now
  }, now, "miss"))
}

const withStatus = (response: Http.Response, status: Http.CacheStatus): Http.Response => {
  if (response instanceof ResponseImpl) response.cache = status
  return response
}

/**
 * Stores a network response when it may be (and has not been redirected,
 * and is not larger than an entry may be), reading its body to do so;
 * gives the response to return.
 */
const keep = (
  cache: Cache,
  prepared: Prepared,
  response: Http.Response,
  requestTime: number,
  replaces: Policy.Entry | undefined
): Effect.Effect<Http.Response, HttpError.HttpError> => {
  const requestHeaders = prepared.request.headers
  const headers = response.headers.record
  if (prepared.method !== "GET" || response.redirects.length > 0 || !Policy.storable(requestHeaders, response.status, headers)) {
    return Effect.succeed(withStatus(response, "miss"))
  }
  const declared = Number(headers["content-length"] ?? 0)
  if (declared > cache.maxEntryBytes) return Effect.succeed(withStatus(response, "miss"))
  return Effect.flatMap(response.bytes, (body) =>
    Effect.flatten(Effect.map(Clock.currentTimeMillis, (responseTime) => {
      const entry: Policy.Entry = {
        // Not redirected (checked above): the response is for the request URL.
        url: keyOf(prepared.url),
        status: response.status,
        headers: Policy.storedHeaders(headers, body.length),
        body,
        varying: Policy.varying(requestHeaders, headers),
        requestTime,
        responseTime
      }
      const served = fromEntry(prepared, entry, responseTime, "miss")
      return body.length <= cache.maxEntryBytes
        ? Effect.as(storeQuietly(cache.store.put(entry, replaces, keepFor(entry, responseTime))), served)
        : Effect.succeed(served)
    })))
}

/** A response that must be revalidated is never served stale, whatever else allows it. */
const mustRevalidate = (cc: ReadonlyMap<string, string | true>) => cc.has("must-revalidate") || cc.has("no-cache")

const staleAllowed = (entry: Policy.Entry, requestCc: ReadonlyMap<string, string | true>, directive: string, staleBy: number) => {
  const cc = Policy.directives(entry.headers["cache-control"])
  if (mustRevalidate(cc)) return false
  const window = Policy.seconds(cc.get(directive)) ?? (directive === "stale-if-error" ? Policy.seconds(requestCc.get(directive)) : undefined)
  return window !== undefined && staleBy <= window * 1000
}

const conditionalHeaders = (entry: Policy.Entry): Record<string, string> | undefined => {
  const out: Record<string, string> = {}
  if (entry.headers["etag"] !== undefined) out["if-none-match"] = entry.headers["etag"]
  if (entry.headers["last-modified"] !== undefined) out["if-modified-since"] = entry.headers["last-modified"]
  return Object.keys(out).length === 0 ? undefined : out
}

/** @internal */
export const around = <R>(cache: Cache, prepared: Prepared, send: Send<R>): Effect.Effect<Http.Response, HttpError.HttpError, R> => {
  const key = keyOf(prepared.url)
  if (unsafe(prepared.method)) {
    return Effect.tap(send(undefined), (response) => {
      if (response.status >= 400) return Effect.void
      const targets = [key]
      for (const name of ["location", "content-location"]) {
        const value = response.headers.get(name)
        if (value === undefined) continue
        try {
          const target = new URL(value, prepared.url)
          if (target.origin === prepared.url.origin) targets.push(keyOf(target))
        } catch {
          // not a URL: nothing to invalidate
        }
      }
      return storeQuietly(Effect.forEach(targets, cache.store.remove, { discard: true }))
    })
  }
  if (prepared.method !== "GET" && prepared.method !== "HEAD") return send(undefined)
  const requestHeaders = prepared.request.headers
  const requestCc = Policy.directives(requestHeaders["cache-control"])
  if (requestCc.has("no-store")) return send(undefined)
  const variants = Effect.mapError(cache.store.variants(key), (reason) =>
    new HttpError.InvalidRequest({ method: prepared.method, url: prepared.url.href, reason }))
  return Effect.flatMap(Effect.zip(Clock.currentTimeMillis, variants), ([now, variants]) => {
    const entry = variants.find((e) => Policy.matchesVary(e, requestHeaders))
    const fetchFresh = (replaces: Policy.Entry | undefined) =>
      Effect.flatMap(send(undefined), (response) => keep(cache, prepared, response, now, replaces))
    const onlyIfCached = requestCc.has("only-if-cached")
    if (entry === undefined) return onlyIfCached ? gatewayTimeout(prepared, now) : fetchFresh(undefined)
    const cc = Policy.directives(entry.headers["cache-control"])
    const lifetime = Policy.lifetime(entry)
    const currentAge = Policy.age(entry, now)
    const fresh = currentAge < lifetime && !cc.has("no-cache") && (Policy.requestAccepts(requestCc, currentAge, lifetime) || cc.has("immutable"))
    // A request's max-stale lets a stale response be used (never one that must be revalidated).
    const maxStale = requestCc.get("max-stale")
    const staleAccepted = !fresh && maxStale !== undefined && !mustRevalidate(cc) &&
      (maxStale === true || currentAge - lifetime <= (Policy.seconds(maxStale) ?? -1) * 1000)
    if (staleAccepted) return Effect.succeed(fromEntry(prepared, entry, now, "stale"))
    if (onlyIfCached && !fresh) return gatewayTimeout(prepared, now)
    if (fresh) {
      // The caller's own conditional request is answered here, when it may be.
      if (Policy.notModified(entry, requestHeaders) && prepared.validateStatus(304)) {
        const answer = { ...entry, status: 304, headers: Policy.notModifiedHeaders(entry.headers), body: new Uint8Array(0) }
        return Effect.succeed(fromEntry(prepared, answer, now, "hit"))
      }
      return Effect.succeed(fromEntry(prepared, entry, now, "hit"))
    }
    const staleBy = currentAge - lifetime
    const validators = conditionalHeaders(entry)
    const revalidate: Effect.Effect<Http.Response, HttpError.HttpError, R> = validators === undefined
      ? fetchFresh(entry)
      : Effect.flatMap(send(validators), (response) =>
        response.status === 304
          ? Effect.map(Clock.currentTimeMillis, (responseTime) => {
            const updated: Policy.Entry = {
              ...entry,
              headers: Policy.merge304(entry.headers, response.headers.record),
              requestTime: now,
              responseTime
            }
            return Effect.as(
              storeQuietly(cache.store.put(updated, entry, keepFor(updated, responseTime))),
              fromEntry(prepared, updated, responseTime, "revalidated")
            )
          }).pipe(Effect.flatten)
          : keep(cache, prepared, response, now, entry))
    if (staleAllowed(entry, requestCc, "stale-while-revalidate", staleBy)) {
      return Effect.as(Effects.forkDetached(Effect.ignore(revalidate)), fromEntry(prepared, entry, now, "stale"))
    }
    return Effect.catchIf(
      revalidate,
      (error) =>
        isOriginFailure(error) &&
        staleAllowed(entry, requestCc, "stale-if-error", staleBy),
      () => Effect.succeed(fromEntry(prepared, entry, now, "stale"))
    )
  })
}
