import { afterEach, describe, expect, it } from "@effect/vitest"
import { parseHttpDate } from "../../src/core/httpDate.js"

const now = Date.UTC(2026, 11, 7)
const instant = Date.UTC(1994, 10, 6, 8, 49, 37)
const zone = process.env.TZ

describe("HTTP-dates (RFC 9110 §5.6.7)", () => {
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ
    else process.env.TZ = zone
  })

  it("reads the three forms a recipient must accept, as the same instant", () => {
    expect(parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT", now)).toBe(instant)
    expect(parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT", now)).toBe(instant)
    expect(parseHttpDate("Sun Nov  6 08:49:37 1994", now)).toBe(instant)
    expect(parseHttpDate(" sun, 06 NOV 1994 08:49:37 utc ", now)).toBe(instant)
  })

  it("knows every month by its name", () => {
    const names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    names.forEach((name, month) => {
      expect(parseHttpDate(`Thu, 01 ${name} 2026 00:00:00 GMT`, now), name).toBe(Date.UTC(2026, month, 1))
    })
  })

  it("in UTC whatever the machine's time zone: asctime carries no zone, and is GMT", () => {
    // Node reads TZ again when it is assigned; Date.parse would be five hours off here.
    process.env.TZ = "America/New_York"
    expect(parseHttpDate("Sun Nov  6 08:49:37 1994", now)).toBe(instant)
    expect(parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT", now)).toBe(instant)
  })

  it("a two-digit year is the one not more than 50 years after now", () => {
    expect(parseHttpDate("Friday, 06-Nov-76 08:49:37 GMT", now)).toBe(Date.UTC(2076, 10, 6, 8, 49, 37))
    expect(parseHttpDate("Friday, 06-Nov-77 08:49:37 GMT", now)).toBe(Date.UTC(1977, 10, 6, 8, 49, 37))
    expect(parseHttpDate("Monday, 07-Dec-26 00:00:00 GMT", now)).toBe(now)
  })

  it("anything else is no date: numbers, other zones, impossible days and times", () => {
    for (const value of [
      undefined,
      "",
      "0",
      "-1",
      "1",
      "2026-12-07T00:00:00Z",
      "Mon, 07 Dec 2026 00:00:00 +0100",
      "Mon, 07 Dec 2026 00:00:00",
      "Mon, 31 Feb 2026 00:00:00 GMT",
      "Mon, 07 Dec 2026 24:00:00 GMT",
      "Mon, 07 Dec 2026 23:60:00 GMT",
      "Mon, 07 Dec 2026 23:00:60 GMT",
      "Mon, 07 Foo 2026 00:00:00 GMT",
      "x Mon, 07 Dec 2026 00:00:00 GMT",
      "Mon, 07 Dec 2026 00:00:00 GMT x",
      "Mon, 07-Dec-26 00:00:00 GMT",
      "Mon Dec  7 00:00:00 2026 GMT"
    ]) {
      expect(parseHttpDate(value, now), String(value)).toBeUndefined()
    }
  })
})
