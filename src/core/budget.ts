/**
 * A session's retry budget, one per origin (a failing dependency is an
 * origin, and should not use up the retries of the others): retries over a
 * sliding minute may not exceed a share of the requests (Finagle's
 * RetryBudget idea), with a floor so that a quiet session can still retry.
 * Counted in one-second buckets.
 *
 * @internal
 */

import { perOrigin } from "./perOrigin.js"

const WINDOW_SECONDS = 60

/** @internal */
export interface Budget {
  readonly recordRequest: (nowMillis: number) => void
  /** Whether one more retry fits now; if so it is counted. */
  readonly takeRetry: (nowMillis: number) => boolean
}

/** Budgets by origin. @internal */
export interface Budgets {
  readonly recordRequest: (origin: string, nowMillis: number) => void
  readonly takeRetry: (origin: string, nowMillis: number) => boolean
}

/** Budgets that always say yes. @internal */
export const unlimited: Budgets = { recordRequest: () => {}, takeRetry: () => true }

/** @internal */
export const byOrigin = (ratio: number, minPerMinute: number): Budgets => {
  const budget = perOrigin(() => make(ratio, minPerMinute))
  return {
    recordRequest: (origin, nowMillis) => budget(origin).recordRequest(nowMillis),
    takeRetry: (origin, nowMillis) => budget(origin).takeRetry(nowMillis)
  }
}

/** @internal */
export const make = (ratio: number, minPerMinute: number): Budget => {
  // A bucket never used holds zeros: whether the window counts it does not matter.
  // Stryker disable next-line ArrayDeclaration,UnaryOperator
  const stamps = new Array<number>(WINDOW_SECONDS).fill(-1)
  const requests = new Array<number>(WINDOW_SECONDS).fill(0)
  const retries = new Array<number>(WINDOW_SECONDS).fill(0)
  const bucket = (nowMillis: number): number => {
    const second = Math.floor(nowMillis / 1000)
    // Stryker disable next-line ArithmeticOperator: any index keyed by the second counts the same; the modulo is what keeps the arrays at 60 entries
    const i = second % WINDOW_SECONDS
    if (stamps[i] !== second) {
      stamps[i] = second
      requests[i] = 0
      retries[i] = 0
    }
    return i
  }
  return {
    recordRequest: (nowMillis) => {
      requests[bucket(nowMillis)]!++
    },
    takeRetry: (nowMillis) => {
      const current = bucket(nowMillis)
      const oldest = Math.floor(nowMillis / 1000) - WINDOW_SECONDS
      let sent = 0
      let retried = 0
      stamps.forEach((stamp, i) => {
        // Stryker disable next-line EqualityOperator: no stamp equals oldest, whose slot is the current second's, renewed just above
        if (stamp > oldest) {
          sent += requests[i]!
          retried += retries[i]!
        }
      })
      if (retried + 1 > Math.max(minPerMinute, ratio * sent)) return false
      retries[current]!++
      return true
    }
  }
}
