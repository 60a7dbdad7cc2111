/**
 * The shared store behind the cache, as effect 3 provides it
 * (`@effect/experimental`'s `BackingPersistence`: memory, key-value store
 * or Redis); effect 4's is in `effect/persistence` (`v4/src/line/keyStore.ts`).
 * Effect 3 reads an absent key as `Option.none()`, effect 4 as undefined:
 * here it is undefined on both.
 *
 * Not part of the public API; not marked internal all the same, since
 * marking the header would strip the import it precedes from the
 * declarations that ship.
 */
import type * as Persistence from "@effect/experimental/Persistence"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Modules from "./persistence/modules.js"

/** A store of JSON values by key. */
export interface KeyStore {
  readonly get: (key: string) => Effect.Effect<unknown, Persistence.PersistenceError>
  readonly set: (key: string, value: object, ttlMillis: number) => Effect.Effect<void, Persistence.PersistenceError>
  readonly remove: (key: string) => Effect.Effect<void, Persistence.PersistenceError>
}

/**
 * The store named `storeId` in the context's persistence layer, or
 * undefined when there is none; fails, saying so, when @effect/experimental
 * (loaded here, on first use) is not installed.
 */
export const open = (storeId: string): Effect.Effect<KeyStore | undefined, string, Scope.Scope> =>
  Effect.flatMap(Modules.persistence, (Persistence) => Effect.flatMap(Effect.serviceOption(Persistence.BackingPersistence), (backing) =>
    Option.isNone(backing)
      ? Effect.succeed(undefined)
      : Effect.map(backing.value.make(storeId), (store): KeyStore => ({
        get: (key) => Effect.map(store.get(key), Option.getOrUndefined),
        set: (key, value, ttlMillis) => store.set(key, value, Option.some(Duration.millis(ttlMillis))),
        remove: (key) => store.remove(key)
      }))))
