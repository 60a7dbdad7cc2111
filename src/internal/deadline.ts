/**
 * Handing an attempt's deadline down to a transport that can keep it with
 * one timer of its own (the Node transport), instead of racing each phase
 * against a sleeping fiber. A transport marks its client with
 * `DeadlineAware`; a client wrapped by anything else is not marked and gets
 * the generic, Clock-driven timeout, so TestClock still governs MockHttp.
 *
 * @internal
 */
import * as FiberRef from "effect/FiberRef"
import { globalValue } from "effect/GlobalValue"

/** Marks an HttpClient whose transport enforces `currentDeadline` itself. @internal */
export const DeadlineAware: unique symbol = Symbol.for("effect-requests/DeadlineAware")

/** What is left of the attempt, and its whole timeout (for the error). @internal */
export interface Deadline {
  readonly remainingMillis: number
  readonly timeoutMillis: number
}

/** @internal */
export const currentDeadline = globalValue(
  Symbol.for("effect-requests/currentDeadline"),
  () => FiberRef.unsafeMake<Deadline | undefined>(undefined)
)

/**
 * The failure a deadline-aware transport reports: the platform wraps it as
 * a transport or body error, and the error mapping turns it into a
 * `TimeoutError` of this phase.
 *
 * @internal
 */
export class DeadlineExceeded extends Error {
  constructor(readonly phase: "headers" | "body", readonly timeoutMillis: number) {
    super(`deadline of ${timeoutMillis} ms exceeded (${phase})`)
    this.name = "DeadlineExceeded"
  }
}
