import { describe, expect, it } from "@effect/vitest"
import * as Proxy from "../../src/core/proxy.js"
import { okValue } from "../checked.js"

const route = (noProxy: string) => okValue(Proxy.parse({ url: "http://127.0.0.1:3128", noProxy }))
const direct = (noProxy: string, url: string) => Proxy.bypasses(route(noProxy), new URL(url))

// No traffic here: only the routing decision (127.0.0.2 and 10.x are never contacted).
describe("NO_PROXY matching", () => {
  it("naming the local machine covers every loopback spelling (axios GHSA-m7pr-hjqh-92cm)", () => {
    for (const url of ["http://127.1/", "http://2130706433/", "http://0x7f.0.0.1/", "http://127.0.0.2/", "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://LOCALHOST/", "http://a.localhost/"]) {
      expect(direct("localhost", url), url).toBe(true)
      expect(direct("127.0.0.1", url), url).toBe(true)
    }
    expect(direct("localhost", "http://10.0.0.1/")).toBe(false)
  })

  it("IPs compare after normalisation, CIDR ranges match by prefix (axios GHSA-pmwg-cvhr-8vh7)", () => {
    expect(direct("10.0.0.0/8", "http://10.200.3.4/")).toBe(true)
    expect(direct("10.0.0.0/8", "http://11.0.0.1/")).toBe(false)
    expect(direct("10.1.2.3", "http://10.1.515/")).toBe(true)
    expect(direct("192.168.0.0/16", "http://[::ffff:192.168.4.4]/")).toBe(true)
    expect(direct("fd00::/8", "http://[fd12::1]/")).toBe(true)
    expect(direct("fd00::/8", "http://[fe80::1]/")).toBe(false)
  })

  it("a domain covers its subdomains, not names that merely end with it", () => {
    expect(direct("example.com", "http://api.example.com/")).toBe(true)
    expect(direct(".example.com", "http://example.com/")).toBe(true)
    expect(direct("example.com", "http://evilexample.com/")).toBe(false)
    expect(direct("*.internal", "http://db.internal/")).toBe(true)
  })

  it("a port narrows an entry; * covers everything; an empty list covers nothing", () => {
    expect(direct("example.com:8080", "http://example.com:8080/")).toBe(true)
    expect(direct("example.com:8080", "http://example.com/")).toBe(false)
    expect(direct("example.com:443", "https://example.com/")).toBe(true)
    expect(direct("*", "http://anything.test/")).toBe(true)
    expect(direct("", "http://127.0.0.1/")).toBe(false)
  })
})
