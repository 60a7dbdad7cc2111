import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { headerProblem } from "../../src/core/validate.js"
import { retryAfterMillis } from "../../src/core/retryAfter.js"
import { fixed } from "./seed.js"

const allowed = (value: string) => [...value].every((c) => c === "\t" || (c >= " " && c <= "~") || (c >= "\u0080" && c <= "\u00ff"))

describe("header properties", () => {
  it.prop("a header value is accepted exactly when it is tab, visible ASCII, space or obs-text", {
    value: fc.string({ unit: fc.oneof(fc.constantFrom("\r", "\n", "\0", "\t", "\u007f", "\u0100", "\u00ff", "é", "😀"), fc.char()) })
  }, ({ value }) => {
    expect(headerProblem({ "x-test": value }) === undefined).toBe(allowed(value))
  }, fixed)

  it.prop("a problem message never quotes the value (it may be a secret)", { value: fc.string() }, ({ value }) => {
    const problem = headerProblem({ authorization: `Bearer S3CR3T${value}\n` })
    expect(problem).toBeDefined()
    expect(problem).not.toContain("S3CR3T")
  }, fixed)

  it.prop("Retry-After: whole seconds are seconds, an HTTP date is the time until it, anything else is nothing", {
    seconds: fc.nat({ max: 10_000_000 }),
    offset: fc.integer({ min: -86_400, max: 86_400 }),
    garbage: fc.string().filter((s) => !/^\s*\d+\s*$/.test(s) && !/^\s*[A-Za-z]{3},? /.test(s))
  }, ({ garbage, offset, seconds }) => {
    const now = Date.UTC(2026, 10, 30, 12)
    expect(retryAfterMillis(` ${seconds} `, now)).toBe(seconds * 1000)
    const date = new Date(now + offset * 1000).toUTCString()
    expect(retryAfterMillis(date, now)).toBe(Math.max(0, offset * 1000))
    expect(retryAfterMillis(garbage, now)).toBeUndefined()
  }, fixed)
})
