/**
 * A service key as a class, as effect 4 writes it (see src/line/v3/service.ts).
 *
 * Not internal: the test kit's public services are made with it.
 */
import * as Context from "effect/Context"

/** A class that is the key of the service `Shape`. */
export const Service = <Self, Shape>() => <const Id extends string>(id: Id): Context.ServiceClass<Self, Id, Shape> =>
  Context.Service<Self, Shape>()(id)

/** A key for the service `Shape`, named `id`. */
export const key = <Shape>(id: string): Context.Service<Shape, Shape> => Context.Service<Shape>(id)
