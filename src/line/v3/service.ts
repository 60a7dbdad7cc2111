/**
 * A service key as a class, as effect 3 writes it (`Context.Tag(id)<Self,
 * Shape>()`); effect 4 writes `Context.Service<Self, Shape>()(id)`
 * (`v4/src/line/service.ts`). Shared code writes
 * `class X extends Service<X, Shape>()("id") {}` on both.
 *
 * Not internal: the test kit's public services are made with it.
 */
import * as Context from "effect/Context"

/** A class that is the key of the service `Shape`. */
export const Service = <Self, Shape>() => <const Id extends string>(id: Id): Context.TagClass<Self, Id, Shape> =>
  Context.Tag(id)<Self, Shape>()

/** A key for the service `Shape`, named `id`. */
export const key = <Shape>(id: string): Context.Tag<Shape, Shape> => Context.GenericTag<Shape>(id)
