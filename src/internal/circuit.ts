/**
 * A circuit breaker per origin: closed (counting failures in a row), open
 * (rejecting until `resetAfter` has passed), half-open (one probe at a
 * time; its outcome closes or reopens the circuit).
 *
 * @internal
 */
import * as Effects from "#line/effect"
import * as Exit from "effect/Exit"
import type * as HttpError from "../HttpError.js"
import { isHttpError } from "../HttpError.js"
import * as Metrics from "./metrics.js"
import { perOrigin } from "../core/perOrigin.js"
import { isOriginFailure } from "./transient.js"

/** How an attempt went, for the breaker. @internal */
export type Outcome = "success" | "failure" | "ignored"

/**
 * Connection errors, timeouts and 5xx say the origin is in trouble; any
 * other response says it is up. An interrupted attempt says nothing.
 *
 * @internal
 */
export const outcome = (exit: Exit.Exit<unknown, HttpError.HttpError>): Outcome => {
  if (Exit.isSuccess(exit)) return "success"
  const failure = Effects.soleFailure(exit.cause)
  // A middleware's own error says nothing about the origin.
  if (failure === undefined || !isHttpError(failure)) return "ignored"
  if (isOriginFailure(failure)) return "failure"
  return failure._tag === "StatusError" ? "success" : "ignored"
}

/** @internal */
export type Admission =
  | { readonly _tag: "Admitted"; readonly probe: boolean }
  | { readonly _tag: "Rejected"; readonly retryAfterMillis: number }

/** @internal */
export interface Breaker {
  readonly admit: (nowMillis: number) => Admission
  readonly settle: (nowMillis: number, outcome: Outcome, probe: boolean) => void
}

const admitted: Admission = { _tag: "Admitted", probe: false }
const probe: Admission = { _tag: "Admitted", probe: true }

/** @internal */
export const make = (failureThreshold: number, resetAfterMillis: number, origin = ""): Breaker => {
  let failures = 0
  let openedAt: number | undefined
  let probing = false
  return {
    admit: (now) => {
      if (openedAt === undefined) return admitted
      const waited = now - openedAt
      if (waited < resetAfterMillis || probing) {
        return { _tag: "Rejected", retryAfterMillis: Math.max(0, resetAfterMillis - waited) }
      }
      probing = true
      Metrics.recordCircuit(origin, "half-open")
      return probe
    },
    settle: (now, outcome, wasProbe) => {
      if (wasProbe) probing = false
      if (outcome === "success") {
        failures = 0
        if (openedAt !== undefined) Metrics.recordCircuit(origin, "closed")
        openedAt = undefined
      } else if (outcome === "failure") {
        failures++
        // A failed probe reopens at once; otherwise the threshold opens it.
        if (wasProbe || (openedAt === undefined && failures >= failureThreshold)) {
          openedAt = now
          Metrics.recordCircuit(origin, "open")
        }
      }
    }
  }
}

/** Breakers made on first use, one per origin. @internal */
export const byOrigin = (failureThreshold: number, resetAfterMillis: number): (origin: string) => Breaker =>
  perOrigin((origin) => make(failureThreshold, resetAfterMillis, origin))
