import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { describe, expect, it } from "@effect/vitest"
import { toResponse } from "../../src/internal/testing/cassette.js"
import { hasNullBody, isFollowedRedirect, isSuccess, statusText } from "../../src/core/status.js"

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

  it("success is 200 to 299, both ends exactly", () => {
    expect([199, 200, 201, 299, 300, 304, 404].map(isSuccess)).toEqual([false, true, true, true, false, false, false])
  })

  it("the redirects followed are 301, 302, 303, 307 and 308; 300, 304, 305 and 306 are not", () => {
    expect([300, 301, 302, 303, 304, 305, 306, 307, 308, 309].filter(isFollowedRedirect)).toEqual([301, 302, 303, 307, 308])
  })

  it("a status no one named has no reason phrase; a named one has its own", () => {
    expect([statusText(200), statusText(404), statusText(503), statusText(799)]).toEqual(["OK", "Not Found", "Service Unavailable", ""])
  })

  it("null-body statuses, one by one, and their neighbours", () => {
    expect([100, 101, 102, 103, 200, 203, 204, 205, 206, 303, 304, 305].filter((status) => hasNullBody(status, "GET")))
      .toEqual([101, 103, 204, 205, 304])
  })
})
