// Types of effectClients.mjs, for the effect 3 side (clients.ts).
import type { Effect, Layer, ManagedRuntime } from "effect"
import type { Client } from "./clients.js"

export type Driver = <R>(n: number, concurrency: number, one: Effect.Effect<unknown, unknown, R>) => Effect.Effect<void, unknown, R>

export declare const effectClients: (modules: { readonly Effect: typeof Effect; readonly ManagedRuntime: typeof ManagedRuntime }) => {
  readonly client: <R>(
    name: string,
    layer: Layer.Layer<R>,
    one: (url: string) => Effect.Effect<unknown, unknown, R>,
    drive?: Driver
  ) => Client
  readonly workers: Driver
  readonly forkPerRequest: Driver
}
