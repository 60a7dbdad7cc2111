import { describe, expect, it } from "@effect/vitest"
import { retryAfterMillis } from "../../src/core/retryAfter.js"

const now = Date.parse("2026-11-25T12:00:00Z")

describe("Retry-After", () => {
  it("reads delay-seconds", () => {
    expect(retryAfterMillis("120", now)).toBe(120_000)
    expect(retryAfterMillis(" 0 ", now)).toBe(0)
  })

  it("reads an HTTP-date as the time left until it, and a past date as now", () => {
    expect(retryAfterMillis("Wed, 25 Nov 2026 12:00:30 GMT", now)).toBe(30_000)
    expect(retryAfterMillis("Wed, 25 Nov 2026 11:00:00 GMT", now)).toBe(0)
  })

  it("reads the obsolete forms too, asctime as UTC", () => {
    expect(retryAfterMillis("Wednesday, 25-Nov-26 12:00:30 GMT", now)).toBe(30_000)
    expect(retryAfterMillis("Wed Nov 25 12:00:30 2026", now)).toBe(30_000)
  })

  it("gives nothing for garbage, negatives, fractions or absence", () => {
    // "Wed, 99 Foo …" looks like a date to the pattern and not to Date.parse: nothing, never NaN.
    for (const value of ["soon", "-5", "1.5", "", "Tomorrow 12:00", "Wed, 99 Foo 2026 12:00:00 GMT", "x Wed, 25 Nov 2026 12:00:30 GMT", undefined]) {
      expect(retryAfterMillis(value, now), String(value)).toBeUndefined()
    }
  })
})
