import { describe, expect, it } from "@effect/vitest"
import * as Checked from "../../src/core/checked.js"

describe("Checked", () => {
  it("value is the value of an Ok and undefined for a refusal", () => {
    expect(Checked.value(Checked.ok(0))).toBe(0)
    expect(Checked.value(Checked.ok("a"))).toBe("a")
    expect(Checked.value(Checked.refused("no"))).toBeUndefined()
  })

  it("map and flatMap touch only an Ok; a refusal passes through with its reason", () => {
    const double = (n: number) => n * 2
    expect(Checked.map(Checked.ok(2), double)).toEqual(Checked.ok(4))
    expect(Checked.map(Checked.refused("bad"), double)).toEqual(Checked.refused("bad"))
    expect(Checked.flatMap(Checked.ok(2), (n) => n > 1 ? Checked.refused("too big") : Checked.ok(n))).toEqual(Checked.refused("too big"))
    expect(Checked.flatMap(Checked.refused("first"), () => Checked.ok(1))).toEqual(Checked.refused("first"))
  })
})
