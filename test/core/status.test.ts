import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { describe, expect, it } from "@effect/vitest"
import { toResponse } from "../../src/internal/testing/cassette.js"
import { hasNullBody } from "../../src/core/status.js"

describe("null-body statuses", () => {
  it("101, 103, 204, 205, 304 and any answer to HEAD have no body; others may", () => {
    for (const status of [101, 103, 204, 205, 304]) expect(hasNullBody(status, "GET")).toBe(true)
    for (const status of [200, 201, 206, 404, 500]) expect(hasNullBody(status, "GET")).toBe(false)
    expect(hasNullBody(200, "HEAD")).toBe(true)
  })

  it("a recorded 205 with a body replays as an empty response instead of throwing", () => {
    const request = HttpClientRequest.get("http://127.0.0.1/reset")
    const response = toResponse(request, { status: 205, headers: {}, body: "left over", encoding: "utf8" })
    expect(response.status).toBe(205)
  })
})
