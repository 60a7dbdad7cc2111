import { describe, expect, it } from "@effect/vitest"
import * as Policy from "../../src/core/cachePolicy.js"

const entry = (headers: Record<string, string>, overrides: Partial<Policy.Entry> = {}): Policy.Entry => ({
  url: "http://h/x",
  status: 200,
  headers,
  body: new Uint8Array(0),
  varying: {},
  requestTime: 0,
  responseTime: 0,
  ...overrides
})
const cc = (header: string) => Policy.directives(header)

describe("RFC 9111 rules", () => {
  it("a 304 freshens the stored headers, except those that describe the stored body (§4.3.4)", () => {
    const stored = { "cache-control": "max-age=10", etag: "\"a\"", "content-length": "5", "content-encoding": "gzip", "x-old": "1", date: "old" }
    const fresh = { "cache-control": "max-age=600", etag: "\"b\"", "content-length": "0", date: "new", "x-new": "2" }
    expect(Policy.merge304(stored, fresh)).toEqual({
      "cache-control": "max-age=600",
      etag: "\"a\"",
      "content-length": "5",
      "content-encoding": "gzip",
      "x-old": "1",
      date: "new",
      "x-new": "2"
    })
  })

  it("stored headers leave out every hop-by-hop field, those the Connection header lists, and an encoding the transport undid", () => {
    const headers = {
      connection: "x-listed, keep-alive",
      "keep-alive": "timeout=5",
      "proxy-connection": "keep-alive",
      te: "trailers",
      trailer: "x-t",
      "transfer-encoding": "chunked",
      upgrade: "h2c",
      "x-listed": "1",
      "content-encoding": "gzip, br",
      "content-length": "999",
      "x-kept": "2"
    }
    expect(Policy.storedHeaders(headers, 12)).toEqual({ "x-kept": "2", "content-length": "12" })
    // A coding no transport decodes stays with the body it describes.
    expect(Policy.storedHeaders({ "content-encoding": "zstd" }, 3)).toEqual({ "content-encoding": "zstd", "content-length": "3" })
    expect(Policy.storedHeaders({ "content-encoding": "identity" }, 3)).toEqual({ "content-length": "3" })
  })

  it("freshness ends exactly at max-age: an entry as old as its lifetime is stale", () => {
    const e = entry({ "cache-control": "max-age=60" }, { requestTime: 0, responseTime: 0 })
    expect(Policy.lifetime(e)).toBe(60_000)
    expect(Policy.age(e, 59_999)).toBe(59_999)
    expect(Policy.age(e, 60_000) < Policy.lifetime(e)).toBe(false)
  })

  it("a request's max-age accepts an age up to it, min-fresh asks for at least that much left, max-age=0 accepts nothing", () => {
    expect(Policy.requestAccepts(cc("max-age=10"), 10_000, 60_000)).toBe(true)
    expect(Policy.requestAccepts(cc("max-age=10"), 10_001, 60_000)).toBe(false)
    expect(Policy.requestAccepts(cc("max-age=0"), 0, 60_000)).toBe(false)
    expect(Policy.requestAccepts(cc("min-fresh=20"), 40_000, 60_000)).toBe(true)
    expect(Policy.requestAccepts(cc("min-fresh=20"), 40_001, 60_000)).toBe(false)
    expect(Policy.requestAccepts(cc("no-cache"), 0, 60_000)).toBe(false)
    expect(Policy.requestAccepts(cc(""), 59_999, 60_000)).toBe(true)
  })

  it("a shared store never keeps private responses nor ones that set a cookie; s-maxage is its lifetime", () => {
    const none = {}
    expect(Policy.storable(none, 200, { "cache-control": "private, max-age=60" }, false)).toBe(true)
    expect(Policy.storable(none, 200, { "cache-control": "private, max-age=60" }, true)).toBe(false)
    expect(Policy.storable(none, 200, { "cache-control": "max-age=60", "set-cookie": "a=1" }, true)).toBe(false)
    expect(Policy.storable(none, 200, { "cache-control": "max-age=60", "set-cookie": "a=1" }, false)).toBe(true)
    expect(Policy.storable(none, 200, { "cache-control": "s-maxage=60" }, true)).toBe(true)
    const e = entry({ "cache-control": "max-age=0, s-maxage=60" })
    expect([Policy.lifetime(e, false), Policy.lifetime(e, true)]).toEqual([0, 60_000])
  })

  it("with Authorization, stored only when the response allows sharing (§3.5)", () => {
    const auth = { authorization: "Bearer t" }
    for (const allowed of ["public, max-age=60", "max-age=60, must-revalidate", "s-maxage=60"]) {
      expect(Policy.storable(auth, 200, { "cache-control": allowed }), allowed).toBe(true)
    }
    expect(Policy.storable(auth, 200, { "cache-control": "max-age=60" })).toBe(false)
  })

  it("a credential's fingerprint covers every secret header, is the same for the same values in any order or case, and holds no secret", () => {
    const a = Policy.credentialOf({ authorization: "Bearer t", "x-api-key": "k", accept: "*/*" })
    expect(a).toMatch(/^[0-9a-f]{64}$/)
    expect(Policy.credentialOf({ "x-api-key": "k", authorization: "Bearer t" })).toBe(a)
    expect(Policy.credentialOf({ authorization: "Bearer t" })).not.toBe(a)
    expect(Policy.credentialOf({ authorization: "Bearer u", "x-api-key": "k" })).not.toBe(a)
    for (const name of ["authorization", "proxy-authorization", "cookie", "x-api-key", "api-key", "x-auth-token"]) {
      expect(Policy.credentialOf({ [name]: "v" }), name).toBeDefined()
    }
    expect(Policy.credentialOf({ accept: "*/*", "x-request-id": "r" })).toBeUndefined()
  })

  it("a stored variant answers only the same credentials and the same values of what Vary names", () => {
    const e = entry({}, { varying: { "accept-language": "en" }, credential: "c1" })
    expect(Policy.matchesVary(e, { "accept-language": "en" }, "c1")).toBe(true)
    expect(Policy.matchesVary(e, { "accept-language": "fr" }, "c1")).toBe(false)
    expect(Policy.matchesVary(e, { "accept-language": "en" }, "c2")).toBe(false)
    expect(Policy.matchesVary(e, { "accept-language": "en" }, undefined)).toBe(false)
    expect(Policy.matchesVary(entry({}), {}, undefined)).toBe(true)
  })
})
