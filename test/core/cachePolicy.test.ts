import { describe, expect, it } from "@effect/vitest"
import { createHash } from "node:crypto"
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
      connection: "x-listed",
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

describe("Cache-Control and delta-seconds parsing", () => {
  it("a directive without a value is true, a quoted value loses its quotes only when it is quoted whole, the first of a repeated directive wins", () => {
    const parsed = cc("No-Cache, max-age = \"600\" ,, , private=\"set-cookie\", ext=a\"b\", other=\"c\"d, max-age=5")
    expect([...parsed.entries()]).toEqual([
      ["no-cache", true],
      ["max-age", "600"],
      ["private", "set-cookie"],
      ["ext", "a\"b\""],
      ["other", "\"c\"d"]
    ])
  })

  it("delta-seconds are digits only, capped at 2^31 (RFC 9111 §1.2.2)", () => {
    expect(Policy.seconds("60")).toBe(60)
    expect(Policy.seconds("99999999999")).toBe(2 ** 31)
    for (const bad of [true, undefined, "", "abc", "-5", "5s", "x5", "1.5"] as const) {
      expect(Policy.seconds(bad), String(bad)).toBeUndefined()
    }
  })
})

describe("what may be stored (RFC 9111 §3)", () => {
  const none = {}
  it("only the statuses a cache understands: not partial content, not errors it cannot reuse", () => {
    for (const status of [206, 500, 502, 401]) {
      expect(Policy.storable(none, status, { "cache-control": "max-age=60" }), String(status)).toBe(false)
    }
  })

  it("no-store from either side forbids it", () => {
    expect(Policy.storable(none, 200, { "cache-control": "max-age=60, no-store" })).toBe(false)
    expect(Policy.storable({ "cache-control": "no-store" }, 200, { "cache-control": "max-age=60" })).toBe(false)
  })

  it("Vary: * anywhere in the list forbids it; other Vary names do not", () => {
    expect(Policy.storable(none, 200, { vary: "*", "cache-control": "max-age=60" })).toBe(false)
    expect(Policy.storable(none, 200, { vary: "accept, *", "cache-control": "max-age=60" })).toBe(false)
    expect(Policy.storable(none, 200, { vary: "accept", "cache-control": "max-age=60" })).toBe(true)
  })

  it("a status not cacheable by heuristics needs an explicit lifetime, public, no-cache, or s-maxage in a shared cache", () => {
    expect(Policy.storable(none, 302, {})).toBe(false)
    expect(Policy.storable(none, 302, { "cache-control": "private" })).toBe(false)
    expect(Policy.storable(none, 302, { "cache-control": "max-age=60" })).toBe(true)
    expect(Policy.storable(none, 302, { expires: "Thu, 01 Jan 2099 00:00:00 GMT" })).toBe(true)
    expect(Policy.storable(none, 307, { "cache-control": "public" })).toBe(true)
    expect(Policy.storable(none, 303, { "cache-control": "no-cache" })).toBe(true)
    expect(Policy.storable(none, 302, { "cache-control": "s-maxage=60" }, true)).toBe(true)
    expect(Policy.storable(none, 302, { "cache-control": "s-maxage=60" }, false)).toBe(false)
    // A heuristically cacheable status needs none of them.
    expect(Policy.storable(none, 200, {})).toBe(true)
  })

  it("a cache is private unless told otherwise", () => {
    expect(Policy.storable(none, 200, { "cache-control": "private, max-age=60" })).toBe(true)
    const e = entry({ "cache-control": "max-age=0, s-maxage=60" })
    expect(Policy.lifetime(e)).toBe(0)
  })
})

describe("credentials and Vary", () => {
  it("the fingerprint is the SHA-256 of the secret headers, sorted, lower-case, one per line: a store shared by two versions agrees", () => {
    const expected = createHash("sha256")
      .update("effect-requests credential\nauthorization:Bearer t\nx-api-key:k")
      .digest("hex")
    expect(Policy.credentialOf({ "x-api-key": "k", accept: "*/*", authorization: "Bearer t" })).toBe(expected)
    expect(Policy.credentialOf({ Authorization: "Bearer t", "X-Api-Key": "k" })).toBe(expected)
    // A header present with no value is no credential.
    expect(Policy.credentialOf({ authorization: undefined })).toBeUndefined()
  })

  it("the values recorded are those of the names Vary lists, trimmed and lower-cased, blanks skipped", () => {
    expect(Policy.varying({ "accept-language": "en", accept: "*/*" }, { vary: " Accept-Language , ,X-Absent" })).toStrictEqual({
      "accept-language": "en",
      "x-absent": undefined
    })
    expect(Policy.varying({ accept: "*/*" }, {})).toStrictEqual({})
  })
})

describe("freshness and age (RFC 9111 §4.2)", () => {
  const at = Date.parse("Mon, 07 Dec 2026 00:00:00 GMT")
  const http = (ms: number) => new Date(ms).toUTCString()

  it("Expires minus Date is the lifetime; an Expires that is no date means already stale", () => {
    expect(Policy.lifetime(entry({ date: http(at), expires: http(at + 90_000) }))).toBe(90_000)
    expect(Policy.lifetime(entry({ date: http(at), expires: http(at - 90_000) }))).toBe(0)
    expect(Policy.lifetime(entry({ date: http(at), expires: "0" }))).toBe(0)
  })

  it("without one, 10% of the time since Last-Modified, for a heuristically cacheable status or a public response", () => {
    const headers = { date: http(at), "last-modified": http(at - 100_000) }
    expect(Policy.lifetime(entry(headers))).toBe(10_000)
    expect(Policy.lifetime(entry(headers, { status: 302 }))).toBe(0)
    expect(Policy.lifetime(entry({ ...headers, "cache-control": "public" }, { status: 302 }))).toBe(10_000)
    expect(Policy.lifetime(entry({ date: http(at) }))).toBe(0)
  })

  it("age counts the Date the server stamped, the Age it declared, and the time the request took", () => {
    // Stamped 30 s before it arrived: 30 s old on arrival.
    expect(Policy.age(entry({ date: http(at - 30_000) }, { requestTime: at, responseTime: at }), at)).toBe(30_000)
    // A Date in the future does not make it younger.
    expect(Policy.age(entry({ date: http(at + 30_000) }, { requestTime: at, responseTime: at }), at)).toBe(0)
    // Age: 10 plus the 2 s the request took, plus 1 s since.
    expect(Policy.age(entry({ age: " 10 " }, { requestTime: at - 2_000, responseTime: at }), at + 1_000)).toBe(13_000)
    expect(Policy.age(entry({ age: "10, 20" }, { requestTime: at, responseTime: at }), at)).toBe(Infinity)
  })
})

describe("a 304 and the stored headers", () => {
  it("every field that describes the stored body stays; an absent value changes nothing", () => {
    const body = {
      "content-length": "5",
      "content-encoding": "gzip",
      "transfer-encoding": "chunked",
      "content-range": "bytes 0-4/5",
      "content-md5": "m",
      etag: "\"a\""
    }
    const fresh = {
      "content-length": "0",
      "content-encoding": "br",
      "transfer-encoding": "identity",
      "content-range": "bytes 0-0/1",
      "content-md5": "n",
      etag: "\"b\"",
      "x-gone": undefined
    }
    expect(Policy.merge304({ ...body, "x-gone": "kept", "x-unset": undefined }, fresh)).toStrictEqual({ ...body, "x-gone": "kept" })
  })

  it("an encoding the transports decode is dropped once every coding in the list is one of them", () => {
    for (const coding of ["x-gzip", "deflate", "gzip, br", "gzip, "]) {
      expect(Policy.storedHeaders({ "content-encoding": coding }, 1), coding).toStrictEqual({ "content-length": "1" })
    }
    expect(Policy.storedHeaders({ "content-encoding": "gzip, zstd" }, 1)).toStrictEqual({ "content-encoding": "gzip, zstd", "content-length": "1" })
    expect(Policy.storedHeaders({ connection: "close,  x-listed", "x-listed": "1", "x-unset": undefined }, 0)).toStrictEqual({ "content-length": "0" })
  })

  it("the 304 the cache answers itself carries the validators and freshness fields, nothing else", () => {
    const headers = {
      etag: "e",
      "cache-control": "c",
      "content-location": "l",
      date: "d",
      expires: "x",
      vary: "v",
      "last-modified": "m",
      "content-type": "text/plain",
      "set-cookie": "a=1"
    }
    const { "content-type": _type, "set-cookie": _cookie, ...kept } = headers
    expect(Policy.notModifiedHeaders(headers)).toStrictEqual(kept)
    expect(Policy.notModifiedHeaders({ etag: "e", "content-type": "text/plain" })).toStrictEqual({ etag: "e" })
  })
})

describe("the request's own conditions (RFC 9110 §13.2.2)", () => {
  const lastModified = "Mon, 07 Dec 2026 00:00:00 GMT"
  const stored = entry({ etag: "W/\"v2\"", "last-modified": lastModified })

  it("If-None-Match compares tags weakly, in a list, or as *", () => {
    expect(Policy.notModified(stored, { "if-none-match": "\"v2\"" })).toBe(true)
    expect(Policy.notModified(stored, { "if-none-match": "\"v1\", W/\"v2\"" })).toBe(true)
    expect(Policy.notModified(stored, { "if-none-match": "*" })).toBe(true)
    expect(Policy.notModified(stored, { "if-none-match": "\"v1\"" })).toBe(false)
    expect(Policy.notModified(entry({ etag: "\"xy\"" }), { "if-none-match": "\"xW/y\"" })).toBe(false)
    // Without an ETag of its own, a stored response never matches a tag.
    expect(Policy.notModified(entry({ "last-modified": lastModified }), { "if-none-match": "\"v1\"" })).toBe(false)
  })

  it("If-None-Match wins over If-Modified-Since", () => {
    expect(Policy.notModified(stored, { "if-none-match": "\"v1\"", "if-modified-since": lastModified })).toBe(false)
  })

  it("If-Modified-Since holds when the stored response is as old or older, by Last-Modified else Date", () => {
    expect(Policy.notModified(stored, { "if-modified-since": lastModified })).toBe(true)
    expect(Policy.notModified(stored, { "if-modified-since": "Sun, 06 Dec 2026 23:59:59 GMT" })).toBe(false)
    expect(Policy.notModified(stored, { "if-modified-since": "Mon, 07 Dec 2026 00:00:01 GMT" })).toBe(true)
    expect(Policy.notModified(entry({ date: lastModified }), { "if-modified-since": lastModified })).toBe(true)
    expect(Policy.notModified(entry({ date: lastModified }), { "if-modified-since": "Sun, 06 Dec 2026 23:59:59 GMT" })).toBe(false)
    expect(Policy.notModified(stored, { "if-modified-since": "yesterday" })).toBe(false)
    expect(Policy.notModified(entry({}), { "if-modified-since": lastModified })).toBe(false)
    expect(Policy.notModified(stored, {})).toBe(false)
  })
})
