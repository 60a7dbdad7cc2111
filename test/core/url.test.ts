import { describe, expect, it } from "@effect/vitest"
import * as Url from "../../src/core/url.js"
import * as Checked from "../../src/core/checked.js"
import { isRefused, okValue } from "../checked.js"

const base = (s: string) => okValue(Url.makeBase(s))
const resolved = (input: string, b?: string, allowAbsolute = false) =>
  Url.resolve(input, b === undefined ? undefined : base(b), allowAbsolute)

describe("url resolution", () => {
  it("without a base, only absolute http(s) URLs resolve", () => {
    expect(okValue(resolved("http://h/a?b=1")).href).toBe("http://h/a?b=1")
    expect(resolved("/relative")).toEqual(Checked.refused("not an absolute http(s) URL"))
    expect(resolved("//h/x")).toEqual(Checked.refused("not an absolute http(s) URL"))
    expect(isRefused(resolved("javascript:alert(1)"))).toBe(true)
    expect(isRefused(resolved("http://"))).toBe(true)
  })

  it("joins like a file path under the base directory", () => {
    expect(okValue(resolved("users/1", "http://h/api")).href).toBe("http://h/api/users/1")
    expect(okValue(resolved("/users/1", "http://h/api/")).href).toBe("http://h/api/users/1")
    expect(okValue(resolved("?q=1", "http://h/api/")).href).toBe("http://h/api/?q=1")
    expect(okValue(resolved("", "http://h")).href).toBe("http://h/")
  })

  it("keeps the base's own query parameters; without any, the query stays exactly as written", () => {
    expect(okValue(resolved("x?b=2", "http://h/api/?key=1")).search).toBe("?key=1&b=2")
    // Re-serialised it would read ?q=a+b&c= : a presigned URL's signature depends on the bytes.
    expect(okValue(resolved("x?q=a%20b&c", "http://h/api/")).search).toBe("?q=a%20b&c")
  })

  it("a URL object resolves as its string would; what does not parse says so", () => {
    expect(okValue(Url.resolve(new URL("http://h/api/x"), base("http://h/api/"), false)).href).toBe("http://h/api/x")
    expect(Url.parseHttpUrl("http://[::1")).toEqual(Checked.refused("not a valid URL"))
  })

  it("refuses escapes above the base path", () => {
    for (const path of ["..", "../", "a/../../x", "%2e%2e/x", "%2E./x", "./../x"]) {
      expect(resolved(path, "http://h/api/")).toEqual(Checked.refused("path escapes the session's baseUrl"))
    }
    expect(okValue(resolved(".", "http://h/api/")).href).toBe("http://h/api/")
  })

  it("refuses absolute and protocol-relative URLs unless allowed", () => {
    for (const url of ["http://other/x", "HTTPS://other/x", "//other/x", "\\\\other/x", "/\\other/x"]) {
      expect(isRefused(resolved(url, "http://h/api/")), url).toBe(true)
    }
    expect(okValue(resolved("//other/x", "https://h/api/", true)).href).toBe("https://other/x")
  })

  it("a base that is not an http(s) URL is refused", () => {
    expect(isRefused(Url.makeBase("ftp://h/"))).toBe(true)
    expect(isRefused(Url.makeBase("nope"))).toBe(true)
  })

  it("isUnder: the base's origin (scheme, host and port) and its directory or below, nothing else", () => {
    const api = base("http://h/api/")
    const under = (url: string) => Url.isUnder(api, new URL(url))
    expect(under("http://h/api/x")).toBe(true)
    expect(under("http://h/api")).toBe(true)
    expect(under("http://h/api/")).toBe(true)
    // Another origin whose path is under the base path is not under the base.
    expect(under("http://evil/api/x")).toBe(false)
    expect(under("https://h/api/x")).toBe(false)
    expect(under("http://h:8080/api/x")).toBe(false)
    expect(under("http://h/apix")).toBe(false)
    expect(under("http://h/")).toBe(false)
    // An absolute URL of another origin with a path under the base is refused, not taken as "under".
    expect(resolved("http://evil/api/x", "http://h/api/")).toEqual(
      Checked.refused("absolute URL outside the session's baseUrl (set allowAbsoluteUrls: true to allow it)")
    )
    expect(okValue(resolved("http://h/api/x?page=2", "http://h/api/")).href).toBe("http://h/api/x?page=2")
  })

  it("without a base, C0 controls and spaces at either end are stripped (WHATWG); within, a control is still refused", () => {
    expect(okValue(Url.resolve("  http://h/x\r\n", undefined, false)).href).toBe("http://h/x")
    expect(okValue(Url.resolve("\0\x1f http://h/a b \t", undefined, false)).href).toBe("http://h/a%20b")
    expect(Url.resolve(" http://h/a\nb ", undefined, false)).toEqual(Checked.refused("URL contains a control character (CR, LF, tab, NUL…)"))
    expect(Url.resolve("  //h/x", undefined, false)).toEqual(Checked.refused("not an absolute http(s) URL"))
    // A session's join takes what it is given as it is.
    expect(Url.resolve("/x\n", okValue(Url.makeBase("http://h/api/")), false)).toEqual(
      Checked.refused("URL contains a control character (CR, LF, tab, NUL…)")
    )
  })

  it("refuses every C0 control and DEL anywhere in a URL; a space or ~ is no control", () => {
    const refusal = Checked.refused("URL contains a control character (CR, LF, tab, NUL…)")
    for (const code of [0x00, 0x09, 0x0a, 0x0d, 0x1f, 0x7f]) {
      expect(Url.parseHttpUrl(`http://h/a${String.fromCharCode(code)}b`), `0x${code.toString(16)}`).toEqual(refusal)
    }
    expect(okValue(Url.parseHttpUrl("http://h/a b")).pathname).toBe("/a%20b")
    expect(okValue(Url.parseHttpUrl("http://h/a~b")).pathname).toBe("/a~b")
  })

  it("only http: and https: are followed, named in the refusal", () => {
    expect(Url.parseHttpUrl("file:///etc/passwd")).toEqual(Checked.refused("unsupported scheme \"file:\" (only http: and https:)"))
    expect(Url.parseHttpUrl("ws://h/")).toEqual(Checked.refused("unsupported scheme \"ws:\" (only http: and https:)"))
    expect(okValue(Url.parseHttpUrl("HTTPS://H/x")).href).toBe("https://h/x")
  })
})
