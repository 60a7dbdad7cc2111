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

  it("other IPv4 spellings of a listed address bypass too, not only loopback's", () => {
    for (const url of ["http://10.1/", "http://0x0a.0.0.1/", "http://167772161/", "http://012.0.0.1/"]) {
      expect(direct("10.0.0.1", url), url).toBe(true)
    }
    expect(direct("10.0.0.1", "http://10.0.0.2/")).toBe(false)
  })

  it("a CIDR prefix that is not a multiple of 8 masks the bits inside a byte", () => {
    // 172.16.0.0/12 is 172.16.0.0 to 172.31.255.255.
    expect(direct("172.16.0.0/12", "http://172.16.0.1/")).toBe(true)
    expect(direct("172.16.0.0/12", "http://172.31.255.255/")).toBe(true)
    expect(direct("172.16.0.0/12", "http://172.32.0.1/")).toBe(false)
    expect(direct("172.16.0.0/12", "http://172.15.255.255/")).toBe(false)
    expect(direct("10.0.0.0/31", "http://10.0.0.1/")).toBe(true)
    expect(direct("10.0.0.0/31", "http://10.0.0.2/")).toBe(false)
    expect(direct("0.0.0.0/0", "http://203.0.113.9/")).toBe(true)
    expect(direct("10.0.0.0/32", "http://10.0.0.0/")).toBe(true)
    expect(direct("10.0.0.0/32", "http://10.0.0.1/")).toBe(false)
  })

  it("an invalid prefix or address is no entry at all: it never bypasses", () => {
    for (const entry of ["10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/x", "fd00::/129", "host.test/8"]) {
      expect(route(entry).bypass, entry).toEqual([])
    }
    expect(direct("10.0.0.0/33", "http://10.0.0.1/")).toBe(false)
  })

  it("IPv6 entries bracketed or bare, with or without a port", () => {
    expect(direct("fd12::1", "http://[fd12::1]/")).toBe(true)
    expect(direct("[fd12::1]", "http://[fd12::1]/")).toBe(true)
    expect(direct("[fd12::1]:8080", "http://[fd12::1]:8080/")).toBe(true)
    expect(direct("[fd12::1]:8080", "http://[fd12::1]/")).toBe(false)
    expect(direct("fd12::1", "http://[fd12::2]/")).toBe(false)
    expect(direct("fd12:0:0:0:0:0:0:1", "http://[fd12::1]/")).toBe(true)
  })

  it("an entry's port against a URL without one: 80 for http, 443 for https", () => {
    expect(direct("example.com:80", "http://example.com/")).toBe(true)
    expect(direct("example.com:80", "https://example.com/")).toBe(false)
    expect(direct("example.com:443", "http://example.com/")).toBe(false)
    expect(direct("10.0.0.1:80", "http://10.0.0.1/")).toBe(true)
  })

  it("noProxy as an array, or a string split on commas and blanks", () => {
    const listed = okValue(Proxy.parse({ url: "http://127.0.0.1:3128", noProxy: ["example.com", " 10.0.0.0/8 "] }))
    expect(Proxy.bypasses(listed, new URL("http://api.example.com/"))).toBe(true)
    expect(Proxy.bypasses(listed, new URL("http://10.9.9.9/"))).toBe(true)
    expect(Proxy.bypasses(listed, new URL("http://other.test/"))).toBe(false)
    expect(route("a.test, b.test\tc.test  d.test").bypass).toHaveLength(4)
  })
})

describe("the proxy option", () => {
  it("a URL alone, as a string or a URL, tunnels everything and bypasses nothing", () => {
    for (const input of ["http://127.0.0.1:3128", new URL("http://127.0.0.1:3128")]) {
      const parsed = okValue(Proxy.parse(input))
      expect(parsed.url.href).toBe("http://127.0.0.1:3128/")
      expect(parsed.tunnel).toBe("always")
      expect(parsed.bypass).toEqual([])
    }
    expect(okValue(Proxy.parse({ url: new URL("https://127.0.0.1:3129"), tunnel: "https-only" })).tunnel).toBe("https-only")
  })

  it("refuses what is not an http(s) URL, and a tunnel mode it does not know, saying which", () => {
    expect(Proxy.parse("127.0.0.1:3128 nope")).toEqual({ _tag: "Refused", reason: "proxy is not a valid URL" })
    expect(Proxy.parse("socks5://127.0.0.1:1080")).toEqual({
      _tag: "Refused",
      reason: "proxy scheme \"socks5:\" is not supported (only http: and https:)"
    })
    expect(Proxy.parse({ url: "http://127.0.0.1:3128", tunnel: "never" as "always" })).toEqual({
      _tag: "Refused",
      reason: "proxy tunnel \"never\" is not one of \"always\", \"https-only\""
    })
  })

  it("blank entries and a lone bracket are no entries; an unbalanced address never bypasses", () => {
    expect(route(" , ,").bypass).toEqual([])
    expect(direct("d12::1]", "http://[12::1]/")).toBe(false)
    expect(direct("[fd12::1", "http://[fd12::]/")).toBe(false)
    expect(direct("1.2.3.4.example", "http://1.2.3.4/")).toBe(false)
    const spaced = okValue(Proxy.parse({ url: "http://127.0.0.1:3128", noProxy: ["not a host", "example.com"] }))
    expect([Proxy.bypasses(spaced, new URL("http://a.test/")), Proxy.bypasses(spaced, new URL("http://example.com/"))]).toEqual([false, true])
    expect(direct("[::1]:8080", "http://127.0.0.1:8080/")).toBe(true)
    expect(direct("[::1]:8080", "http://127.0.0.1:8081/")).toBe(false)
  })
})

describe("IPv6 entries", () => {
  it("an address written with all eight groups, and an IPv4-mapped range whose prefix counts IPv6 bits", () => {
    expect(direct("1:2:3:4:5:6:7:8", "http://[1:2:3:4:5:6:7:8]/")).toBe(true)
    expect(direct("1:2:3:4:5:6:7:8", "http://[1:2:3:4:5:6:7:9]/")).toBe(false)
    expect(direct("::ffff:10.0.0.0/104", "http://10.1.2.3/")).toBe(true)
    expect(direct("::ffff:10.0.0.0/104", "http://11.1.2.3/")).toBe(false)
    expect(direct("::/0", "http://[fe80::1]/")).toBe(true)
  })
})

describe("proxy: \"env\"", () => {
  const routes = (env: Record<string, string>) => okValue(Proxy.fromEnv(env)!)
  const via = (env: Record<string, string>, url: string) => Proxy.routeFor(routes(env), new URL(url))?.url.href

  it("each scheme through its own variable; a scheme without one goes direct", () => {
    const env = { http_proxy: "http://p1:3128", https_proxy: "http://p2:3128" }
    expect(via(env, "http://a.test/")).toBe("http://p1:3128/")
    expect(via(env, "https://a.test/")).toBe("http://p2:3128/")
    expect(via({ https_proxy: "http://p2:3128" }, "http://a.test/")).toBeUndefined()
    expect(via({ HTTP_PROXY: "http://p1:3128" }, "https://a.test/")).toBeUndefined()
  })

  it("the lower-case name first, the upper-case one otherwise; an empty or blank value is none", () => {
    expect(via({ http_proxy: "http://lower:1", HTTP_PROXY: "http://upper:1" }, "http://a.test/")).toBe("http://lower:1/")
    expect(via({ HTTP_PROXY: "http://upper:1" }, "http://a.test/")).toBe("http://upper:1/")
    expect(via({ https_proxy: " ", HTTPS_PROXY: "http://upper:2" }, "https://a.test/")).toBe("http://upper:2/")
    expect(Proxy.fromEnv({ http_proxy: "", HTTPS_PROXY: "  " })).toBeUndefined()
    expect(Proxy.fromEnv({})).toBeUndefined()
  })

  it("under CGI, HTTP_PROXY is a client's Proxy header (httpoxy) and is not read; http_proxy and HTTPS_PROXY still are", () => {
    expect(Proxy.fromEnv({ REQUEST_METHOD: "GET", HTTP_PROXY: "http://attacker:80" })).toBeUndefined()
    expect(via({ REQUEST_METHOD: "GET", http_proxy: "http://p1:3128", HTTP_PROXY: "http://attacker:80" }, "http://a.test/")).toBe("http://p1:3128/")
    expect(via({ REQUEST_METHOD: "GET", HTTPS_PROXY: "http://p2:3128" }, "https://a.test/")).toBe("http://p2:3128/")
  })

  it("NO_PROXY (either case, lower first) sends hosts direct by the library's matching; http:// goes in forward mode", () => {
    const env = { http_proxy: "http://p:1", https_proxy: "http://p:1", no_proxy: "a.test,10.0.0.0/8", NO_PROXY: "b.test" }
    expect(via(env, "https://api.a.test/")).toBeUndefined()
    expect(via(env, "http://10.1.2.3/")).toBeUndefined()
    expect(via(env, "http://b.test/")).toBe("http://p:1/")
    expect(via({ http_proxy: "http://p:1", NO_PROXY: "b.test" }, "http://b.test/")).toBeUndefined()
    expect(routes(env).http!.tunnel).toBe("https-only")
  })

  it("a variable that is no proxy URL refuses the session's requests, naming the variable and not its value", () => {
    expect(Proxy.fromEnv({ https_proxy: "socks5://user:secret@p:1080" })).toEqual({
      _tag: "Refused",
      reason: "https_proxy: proxy scheme \"socks5:\" is not supported (only http: and https:)"
    })
    expect(Proxy.fromEnv({ HTTP_PROXY: "not a url" })).toEqual({ _tag: "Refused", reason: "HTTP_PROXY: proxy is not a valid URL" })
  })

  it("a proxy option serves both schemes, with its own bypass list", () => {
    const both = Proxy.both(okValue(Proxy.parse({ url: "http://p:1", noProxy: "a.test" })))
    expect(Proxy.routeFor(both, new URL("http://x.test/"))?.url.href).toBe("http://p:1/")
    expect(Proxy.routeFor(both, new URL("https://x.test/"))?.url.href).toBe("http://p:1/")
    expect(Proxy.routeFor(both, new URL("https://a.test/"))).toBeUndefined()
  })
})
