/**
 * @effect/vitest 4 for the shared tests: what @effect/vitest 0.30 calls
 * `it.scoped` and `it.scopedLive` are `it.effect` and `it.live` there
 * (every effect test is scoped), so the shared tests keep one spelling.
 * A proxy, not an assignment: @effect/vitest's own methods are proxies over
 * vitest's global `it`, and a property set on one lands on that global.
 */
import * as Vitest from "../node_modules/@effect/vitest/dist/index.js"

export * from "../node_modules/@effect/vitest/dist/index.js"

const withScopedNames = <M extends object>(methods: M): M =>
  new Proxy(methods, {
    get(target, property, receiver) {
      if (property === "scoped") return Reflect.get(target, "effect")
      if (property === "scopedLive") return Reflect.get(target, "live") ?? Reflect.get(target, "effect")
      if (property === "layer") return wrapLayer(Reflect.get(target, "layer") as typeof Vitest.layer)
      return Reflect.get(target, property, receiver)
    }
  })

const wrapLayer = (layer: typeof Vitest.layer): typeof Vitest.layer =>
  ((...args: Parameters<typeof Vitest.layer>) => {
    const run = layer(...args) as (...inner: ReadonlyArray<unknown>) => unknown
    return (...inner: ReadonlyArray<unknown>) =>
      run(...inner.map((arg) => typeof arg === "function" ? (it: object) => (arg as (it: object) => unknown)(withScopedNames(it)) : arg))
  }) as unknown as typeof Vitest.layer

export const layer = wrapLayer(Vitest.layer)
export const it = withScopedNames(Vitest.it)
