/**
 * A session's HTTP cache (RFC 9111, with RFC 5861's
 * stale-while-revalidate and stale-if-error) around its network requests.
 * GET responses are stored; HEAD may be answered from them; an unsafe
 * method that succeeds invalidates what is stored for its URL.
 *
 * Every decision is made on the request as it is sent (its headers after
 * the session's, the auth and the cookie jar's), and a stored response
 * answers only a request with the same credentials. A response reaches its
 * reader as it arrives: it is stored when the reader has read it to its
 * end (whole, or as a stream that ran out) within `maxEntryBytes`.
 *
 * @internal
 */
import * as Effects from "#line/effect"
import * as Fibers from "#line/fiber"
import * as HttpClientResponse from "#line/http/HttpClientResponse"
import * as Clock from "effect/Clock"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as Http from "../types.js"
import * as HttpError from "../../HttpError.js"
import { firstHopHeaders, type Prepared } from "../prepare.js"
import { ResponseImpl } from "../response.js"
import * as Policy from "../../core/cachePolicy.js"
import { hasNullBody } from "../../core/status.js"
import { isOriginFailure } from "../transient.js"
import type { Store } from "./store.js"

/** @internal */
export interface Cache {
  readonly store: Store
  readonly maxEntryBytes: number
  /** Whether other sessions and processes read the store: RFC 9111's shared cache. */
  readonly shared: boolean
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
    history: [],
    elapsedMillis: 0,
    deadline: Infinity,
    timeoutMillis: prepared.timeoutMillis,
    maxBodySize: prepared.maxBodySize,
    maxLineLength: prepared.maxLineLength,
    onProgress: prepared.onProgress,
    callBound: undefined,
    idleTimeoutMillis: Infinity
  })
  response.cache = status
  return response
}

/**
 * How long a store keeps an entry: its freshness left, then a day in which
 * it can still be revalidated or served stale.
 */
const keepFor = (entry: Policy.Entry, now: number, shared: boolean): number =>
  Math.max(0, Policy.lifetime(entry, shared) - Policy.age(entry, now)) + 24 * 3600 * 1000

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

/** What one request's cache decisions are made on: the request as sent. */
interface Lookup {
  readonly cache: Cache
  readonly prepared: Prepared
  readonly sent: Readonly<Record<string, string>>
  readonly credential: string | undefined
  /** The requesting fiber's context: a store put when the body has been read runs with it. */
  readonly context: Context.Context<never>
}

/**
 * Whether the request that went out is the one the cache looked up, in
 * all a stored response is matched by (its credentials, the headers its
 * Vary names). Only a middleware can make them differ: a token or a
 * header it adds would otherwise be missing from the entry, and the entry
 * would answer requests sent without them.
 */
const sentAsLookedUp = (lookup: Lookup, response: ResponseImpl, headers: Readonly<Record<string, string>>): boolean => {
  if (lookup.prepared.middleware === undefined) return true
  const actual = response.raw.request.headers
  return Policy.matchesVary({ varying: Policy.varying(actual, headers), credential: Policy.credentialOf(actual) }, lookup.sent, lookup.credential)
}

/**
 * The network response given back at once, storable ones with a tee that
 * stores the body once its reader has read it to its end (no response is
 * held back to be read whole: a stream, an event stream or a download
 * reaches its reader as it arrives). Never stored: a redirected response,
 * one that may not be, one declaring a body past `maxEntryBytes`.
 */
const keep = (
  lookup: Lookup,
  response: Http.Response,
  requestTime: number,
  replaces: Policy.Entry | undefined
): Effect.Effect<Http.Response> => {
  const { cache, credential, prepared, sent } = lookup
  const headers = response.headers.record
  const declared = Number(headers["content-length"] ?? 0)
  if (
    prepared.method !== "GET" || response.redirects.length > 0 || !(response instanceof ResponseImpl) ||
    !Policy.storable(sent, response.status, headers, cache.shared) || declared > cache.maxEntryBytes ||
    !sentAsLookedUp(lookup, response, headers)
  ) {
    return Effect.succeed(withStatus(response, "miss"))
  }
  return Effect.map(Clock.currentTimeMillis, (responseTime) => {
    const store = (body: Uint8Array) => {
      const entry: Policy.Entry = {
        // Not redirected (checked above): the response is for the request URL.
        url: keyOf(prepared.url),
        status: response.status,
        headers: Policy.storedHeaders(headers, body.length),
        body,
        varying: Policy.varying(sent, headers),
        credential,
        requestTime,
        responseTime
      }
      return Effects.mapContext<void, never, never, never>(
        storeQuietly(cache.store.put(entry, replaces, keepFor(entry, responseTime, cache.shared))),
        () => lookup.context
      )
    }
    return withStatus(response.teeTo({ limit: cache.maxEntryBytes, whole: store }), "miss")
  })
}

/** A response that must be revalidated is never served stale, whatever else allows it (proxy-revalidate: in a shared cache). */
const mustRevalidate = (cc: ReadonlyMap<string, string | true>, shared: boolean) =>
  cc.has("must-revalidate") || cc.has("no-cache") || (shared && cc.has("proxy-revalidate"))

const staleAllowed = (entry: Policy.Entry, requestCc: ReadonlyMap<string, string | true>, directive: string, staleBy: number, shared: boolean) => {
  const cc = Policy.directives(entry.headers["cache-control"])
  if (mustRevalidate(cc, shared)) return false
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
  return Fibers.withFiber((fiber) => {
    const now = Fibers.nowMillis(Fibers.clock(fiber))
    // The request as its first hop sends it: the jar's cookies are part of
    // what Vary names and of the credentials a stored response is for.
    const sent = firstHopHeaders(prepared, now)
    const requestCc = Policy.directives(sent["cache-control"])
    if (requestCc.has("no-store")) return send(undefined)
    const lookup: Lookup = { cache, prepared, sent, credential: Policy.credentialOf(sent), context: Fibers.context(fiber) }
    const variants = Effect.mapError(cache.store.variants(key), (reason) =>
      new HttpError.InvalidRequest({ method: prepared.method, url: prepared.url.href, reason }))
    return Effect.flatMap(variants, (variants) => answer(lookup, variants, requestCc, now, send))
  })
}

const answer = <R>(
  lookup: Lookup,
  variants: ReadonlyArray<Policy.Entry>,
  requestCc: ReadonlyMap<string, string | true>,
  now: number,
  send: Send<R>
): Effect.Effect<Http.Response, HttpError.HttpError, R> => {
  const { cache, prepared, sent } = lookup
  const shared = cache.shared
  // A middleware may add to a request what the cache cannot see (a token,
  // a header Vary names): in a session with one, a stored response answers
  // only once the origin has confirmed it for the request as sent (a 304),
  // never as fresh or stale on the cache's word alone.
  const confirmed = prepared.middleware !== undefined
  const entry = variants.find((e) => Policy.matchesVary(e, sent, lookup.credential))
  const fetchFresh = (replaces: Policy.Entry | undefined) =>
    Effect.flatMap(send(undefined), (response) => keep(lookup, response, now, replaces))
  const onlyIfCached = requestCc.has("only-if-cached")
  if (entry === undefined) return onlyIfCached ? gatewayTimeout(prepared, now) : fetchFresh(undefined)
  const cc = Policy.directives(entry.headers["cache-control"])
  const lifetime = Policy.lifetime(entry, shared)
  const currentAge = Policy.age(entry, now)
  const fresh = !confirmed && currentAge < lifetime && !cc.has("no-cache") &&
    (Policy.requestAccepts(requestCc, currentAge, lifetime) || cc.has("immutable"))
  // A request's max-stale lets a stale response be used (never one that must be revalidated).
  const maxStale = requestCc.get("max-stale")
  const staleAccepted = !confirmed && !fresh && maxStale !== undefined && !mustRevalidate(cc, shared) &&
    (maxStale === true || currentAge - lifetime <= (Policy.seconds(maxStale) ?? -1) * 1000)
  if (staleAccepted) return Effect.succeed(fromEntry(prepared, entry, now, "stale"))
  if (onlyIfCached && !fresh) return gatewayTimeout(prepared, now)
  if (fresh) {
    // The caller's own conditional request is answered here, when it may be.
    if (Policy.notModified(entry, sent) && prepared.validateStatus(304)) {
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
            storeQuietly(cache.store.put(updated, entry, keepFor(updated, responseTime, shared))),
            fromEntry(prepared, updated, responseTime, "revalidated")
          )
        }).pipe(Effect.flatten)
        : keep(lookup, response, now, entry))
  if (!confirmed && staleAllowed(entry, requestCc, "stale-while-revalidate", staleBy, shared)) {
    // Nobody reads the refreshed response: reading its body here is what stores it.
    const refresh = Effect.flatMap(revalidate, (response) => response.bytes)
    return Effect.as(Effects.forkDetached(Effect.ignore(refresh)), fromEntry(prepared, entry, now, "stale"))
  }
  return Effect.catchIf(
    revalidate,
    (error) =>
      !confirmed && isOriginFailure(error) &&
      staleAllowed(entry, requestCc, "stale-if-error", staleBy, shared),
    () => Effect.succeed(fromEntry(prepared, entry, now, "stale"))
  )
}
