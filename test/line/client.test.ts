/**
 * The line seam's client helpers, on both Effect lines: what they write
 * must be what the line's own HTTP client writes.
 */
import { describe, expect, it } from "@effect/vitest"
import { Option } from "effect"
import type { Tracer } from "effect"
import * as Client from "#line/client"
import * as Headers from "#line/http/Headers"
import * as HttpTraceContext from "#line/http/HttpTraceContext"

const spanOf = (traceId: string, sampled: boolean, parentSpanId: string | undefined) =>
  ({
    traceId,
    spanId: "00f067aa0ba902b7",
    sampled,
    parent: parentSpanId === undefined ? Option.none() : Option.some({ spanId: parentSpanId })
  }) as unknown as Tracer.Span

describe("withTraceHeaders", () => {
  // A 64-bit trace id too, as b3 allows: effect 4 pads it to 128 bits in traceparent, effect 3 does not.
  const cases = [
    ["4bf92f3577b34da6a3ce929d0e0e4736", true, undefined],
    ["4bf92f3577b34da6a3ce929d0e0e4736", true, "b7ad6b7169203331"],
    ["a3ce929d0e0e4736", false, "b7ad6b7169203331"]
  ] as const
  for (const [traceId, sampled, parent] of cases) {
    it(`writes traceparent and b3 as the line's HttpTraceContext does (trace id of ${traceId.length * 4} bits, sampled ${sampled}, parent ${parent ?? "none"})`, () => {
      const headers = Headers.fromInput({ accept: "application/json", traceparent: "00-stale" })
      const span = spanOf(traceId, sampled, parent)
      const ours = Client.withTraceHeaders(headers, span)
      expect({ ...ours }).toEqual({ ...Headers.merge(headers, HttpTraceContext.toHeaders(span)) })
      expect(Headers.isHeaders(ours)).toBe(true)
      // The request's own headers are not written to.
      expect(headers.traceparent).toBe("00-stale")
    })
  }
})
