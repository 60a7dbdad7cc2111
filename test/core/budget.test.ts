import { describe, expect, it } from "@effect/vitest"
import * as Budget from "../../src/core/budget.js"

const at = (seconds: number) => seconds * 1000

describe("the retry budget", () => {
  it("allows retries up to the ratio of the requests of the last minute, once the floor is passed", () => {
    const budget = Budget.make(0.25, 0)
    for (let i = 0; i < 8; i++) budget.recordRequest(at(0))
    // 8 requests at 25 %: two retries, not a third.
    expect([budget.takeRetry(at(0)), budget.takeRetry(at(0)), budget.takeRetry(at(0))]).toEqual([true, true, false])
    // Four more requests make room for one more retry.
    for (let i = 0; i < 4; i++) budget.recordRequest(at(1))
    expect([budget.takeRetry(at(1)), budget.takeRetry(at(1))]).toEqual([true, false])
  })

  it("the floor allows minPerMinute retries with no requests at all, and no more", () => {
    const budget = Budget.make(0.5, 2)
    expect([budget.takeRetry(at(5)), budget.takeRetry(at(6)), budget.takeRetry(at(7))]).toEqual([true, true, false])
  })

  it("the window is the last 60 seconds: a second's requests and retries count until 60 s later, then not", () => {
    const budget = Budget.make(0.5, 0)
    budget.recordRequest(at(0))
    budget.recordRequest(at(0))
    expect(budget.takeRetry(at(0))).toBe(true) // 1 of 2 × 0.5
    expect(budget.takeRetry(at(59))).toBe(false) // second 0 still counts: the retry, and the budget it used
    // At 60 s, second 0 has left the window: neither its requests nor its retry count.
    expect(budget.takeRetry(at(60))).toBe(false) // no requests left in the window, no floor
    budget.recordRequest(at(60))
    budget.recordRequest(at(60))
    expect([budget.takeRetry(at(60)), budget.takeRetry(at(60))]).toEqual([true, false])
  })

  it("a second counts until exactly 60 s later: at 60.999 s second 1 is in the window, at 61 s it is out", () => {
    const inside = Budget.make(0.5, 0)
    inside.recordRequest(at(1))
    inside.recordRequest(at(1))
    expect(inside.takeRetry(at(60.999))).toBe(true)
    const outside = Budget.make(0.5, 0)
    outside.recordRequest(at(1))
    outside.recordRequest(at(1))
    expect(outside.takeRetry(at(61))).toBe(false)
  })

  it("a bucket reused a minute later starts from zero", () => {
    const budget = Budget.make(1, 0)
    for (let i = 0; i < 5; i++) budget.recordRequest(at(3))
    expect(budget.takeRetry(at(3))).toBe(true)
    // Second 63 lands in second 3's bucket: its 5 requests and 1 retry are gone.
    budget.recordRequest(at(63))
    expect([budget.takeRetry(at(63)), budget.takeRetry(at(63))]).toEqual([true, false])
  })

  it("each origin has a budget of its own; unlimited always says yes", () => {
    const budgets = Budget.byOrigin(0, 1)
    expect([budgets.takeRetry("http://a", 0), budgets.takeRetry("http://a", 0), budgets.takeRetry("http://b", 0)]).toEqual([true, false, true])
    const shared = Budget.byOrigin(0.5, 0)
    shared.recordRequest("http://a", 0)
    shared.recordRequest("http://a", 0)
    expect([shared.takeRetry("http://b", 0), shared.takeRetry("http://a", 0), shared.takeRetry("http://a", 0)]).toEqual([false, true, false])
    expect(Array.from({ length: 100 }, () => Budget.unlimited.takeRetry("http://a", 0)).every(Boolean)).toBe(true)
  })
})
