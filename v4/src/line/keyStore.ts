/**
 * The shared store behind the cache, as effect 4 provides it
 * (`effect/persistence`; see src/line/v3/keyStore.ts).
 *
 * Not part of the public API; not marked internal all the same, since
 * marking the header would strip the import it precedes from the
 * declarations that ship.
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Persistence from "effect/persistence/Persistence"

/** A store of JSON values by key. */
export interface KeyStore {
  readonly get: (key: string) => Effect.Effect<unknown, Persistence.PersistenceError>
  readonly set: (key: string, value: object, ttlMillis: number) => Effect.Effect<void, Persistence.PersistenceError>
  readonly remove: (key: string) => Effect.Effect<void, Persistence.PersistenceError>
}

/** The store named `storeId` in the context's persistence layer, or undefined when there is none. */
export const open = (storeId: string): Effect.Effect<KeyStore | undefined, string, Scope.Scope> =>
  Effect.flatMap(Effect.serviceOption(Persistence.BackingPersistence), (backing) =>
    Option.isNone(backing)
      ? Effect.succeed(undefined)
      : Effect.map(backing.value.make(storeId), (store): KeyStore => ({
        get: (key) => store.get(key),
        set: (key, value, ttlMillis) => store.set(key, value, Duration.millis(ttlMillis)),
        remove: (key) => store.remove(key)
      })))
