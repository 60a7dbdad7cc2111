/**
 * The in-memory response store: variants per URL, least recently used
 * evicted first once the bodies pass `maxBytes`.
 *
 * @internal
 */
import type { Entry } from "./policy.js"

/** @internal */
export interface Store {
  readonly variants: (url: string) => ReadonlyArray<Entry>
  readonly put: (entry: Entry, replaces: Entry | undefined) => void
  readonly remove: (url: string) => void
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
    variants: (url) => {
      const entries = byUrl.get(url)
      if (entries === undefined) return []
      touch(url, entries)
      return entries
    },
    put: (entry, replaces) => {
      const entries = (byUrl.get(entry.url) ?? []).filter((e) => e !== replaces)
      bytes -= replaces === undefined || !byUrl.get(entry.url)?.includes(replaces) ? 0 : replaces.body.length
      entries.push(entry)
      bytes += entry.body.length
      touch(entry.url, entries)
      for (const [url] of byUrl) {
        if (bytes <= maxBytes) break
        remove(url)
      }
    },
    remove
  }
}
