/**
 * Where a session's cache keeps responses: in memory (variants per URL,
 * least recently used evicted once the bodies pass `maxBytes`), or in
 * @effect/experimental's `Persistence` found in the context (its memory,
 * key-value-store or Redis layer), shared by every process that uses it.
 * A store that fails is a cache that misses: requests still go out.
 *
 * @internal
 */
import * as KeyStore from "#line/keyStore"
import * as Effect from "effect/Effect"
import { decodeBase64, encodeBase64 } from "../../core/base64.js"
import type { Entry } from "../../core/cachePolicy.js"

/** @internal */
export interface Store {
  readonly variants: (url: string) => Effect.Effect<ReadonlyArray<Entry>, string>
  readonly put: (entry: Entry, replaces: Entry | undefined, ttlMillis: number) => Effect.Effect<void, string>
  readonly remove: (url: string) => Effect.Effect<void, string>
}

/** @internal */
export const memory = (maxBytes: number): Store => {
  // A Map iterates in insertion order: re-inserting on use keeps the oldest first.
  const byUrl = new Map<string, Array<Entry>>()
  let bytes = 0
  const size = (entries: ReadonlyArray<Entry>) => entries.reduce((sum, e) => sum + e.body.length, 0)
  const touch = (url: string, entries: Array<Entry>) => {
    byUrl.delete(url)
    byUrl.set(url, entries)
  }
  const remove = (url: string) => {
    const entries = byUrl.get(url)
    if (entries === undefined) return
    bytes -= size(entries)
    byUrl.delete(url)
  }
  return {
    variants: (url) =>
      Effect.sync(() => {
        const entries = byUrl.get(url)
        if (entries === undefined) return []
        touch(url, entries)
        return entries
      }),
    put: (entry, replaces) =>
      Effect.sync(() => {
        const before = byUrl.get(entry.url) ?? []
        const entries = before.filter((e) => e !== replaces)
        bytes -= size(before) - size(entries)
        entries.push(entry)
        bytes += entry.body.length
        touch(entry.url, entries)
        for (const [url] of byUrl) {
          if (bytes <= maxBytes) break
          remove(url)
        }
      }),
    remove: (url) => Effect.sync(() => remove(url))
  }
}

interface Stored extends Omit<Entry, "body"> {
  readonly body: string
}

const encode = (entry: Entry): Stored => ({ ...entry, body: encodeBase64(entry.body) })
const decode = (stored: Stored): Entry | undefined => {
  const body = typeof stored.body === "string" ? decodeBase64(stored.body) : undefined
  return body === undefined ? undefined : { ...stored, body }
}

// FNV-1a over the URL, twice with different seeds: a short key safe as a
// file name or Redis key; the entry keeps its URL, so a collision is a miss.
const fnv = (text: string, seed: number): string => {
  let hash = seed >>> 0
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash.toString(16).padStart(8, "0")
}
// v2: entries carry the credentials they were made for; a v1 entry (which
// did not) is never read, so none can answer a request with other credentials.
const storageKey = (url: string) => `v2-${fnv(url, 0x811c9dc5)}${fnv(url, 0x01000193)}`

/** @internal */
export const MISSING = "cache store \"persistence\" needs a Persistence.BackingPersistence layer (memory, key-value store or Redis)"

const describe = (error: unknown) => `cache store: ${error instanceof Error ? error.message : String(error)}`

/** @internal */
export const persistence = (storeId: string): Store => {
  // A missing layer is a mistake to report; a failing store (Redis down) is a miss.
  const withStore = <A>(f: (store: KeyStore.KeyStore) => Effect.Effect<A, unknown>, fallback: A) =>
    Effect.scoped(Effect.flatMap(Effect.mapError(KeyStore.open(storeId), (reason) => `cache store "persistence": ${reason}`), (store) =>
      store === undefined
        ? Effect.fail(MISSING)
        : f(store).pipe(
          Effect.tapError((error) => Effect.logDebug(describe(error))),
          Effect.orElseSucceed(() => fallback)
        )))
  const read = (url: string) =>
    withStore((store) =>
      Effect.map(store.get(storageKey(url)), (found) => {
        if (!Array.isArray(found)) return []
        return (found as Array<Stored>).map(decode).filter((e): e is Entry => e !== undefined && e.url === url)
      }), [] as ReadonlyArray<Entry>)
  return {
    variants: read,
    put: (entry, replaces, ttlMillis) =>
      Effect.flatMap(read(entry.url), (entries) => {
        const kept = entries.filter((e) => replaces === undefined || !sameVariant(e, replaces))
        return withStore((store) =>
          store.set(storageKey(entry.url), [...kept, entry].map(encode), Math.max(1, Math.ceil(ttlMillis))), undefined)
      }),
    remove: (url) => withStore((store) => store.remove(storageKey(url)), undefined)
  }
}

/** Entries read back from a store are copies: a variant is the same when its Vary values are. */
const sameVariant = (a: Entry, b: Entry): boolean =>
  JSON.stringify(a.varying) === JSON.stringify(b.varying)
