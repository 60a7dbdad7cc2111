import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { NodeHttp } from "effect-requests/node"
import { fetchTransport, fuzz } from "./fuzz/harness.js"

// A bounded slice of `npm run fuzz`: the same generator and fixed seed.
const CASES = 300

const transports = [
  ["fetch", fetchTransport],
  ["node", NodeHttp.layer]
] as const

describe("fuzzing with a hostile server", () => {
  for (const [name, transport] of transports) {
    it.live(`${CASES} generated raw responses end in a success or a typed HttpError, never a defect, a hang or an open socket [${name}]`, () =>
      Effect.gen(function* () {
        const report = yield* fuzz(transport, 20261130, CASES)
        expect(report.failures).toEqual([])
        expect(report.openSockets).toBe(0)
        expect(Object.values(report.counts).reduce((a, b) => a + b, 0)).toBe(CASES)
      }), 120_000)
  }
})
