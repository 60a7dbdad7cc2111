import { describe, expect, it } from "@effect/vitest"
import { Duration } from "effect"
import { parseRetryAfter } from "../../src/internal/retryAfter.js"

const now = Date.parse("2026-11-25T12:00:00Z")

describe("Retry-After", () => {
  it("reads delay-seconds", () => {
    expect(parseRetryAfter("120", now)).toEqual(Duration.seconds(120))
    expect(parseRetryAfter(" 0 ", now)).toEqual(Duration.seconds(0))
  })

  it("reads an HTTP-date as the time left until it, and a past date as now", () => {
    expect(parseRetryAfter("Wed, 25 Nov 2026 12:00:30 GMT", now)).toEqual(Duration.millis(30_000))
    expect(parseRetryAfter("Wed, 25 Nov 2026 11:00:00 GMT", now)).toEqual(Duration.millis(0))
  })

  it("gives nothing for garbage, negatives, fractions or absence", () => {
    for (const value of ["soon", "-5", "1.5", "", "Tomorrow 12:00", undefined]) {
      expect(parseRetryAfter(value, now), String(value)).toBeUndefined()
    }
  })
})
