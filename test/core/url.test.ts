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

  it("keeps the base's own query parameters", () => {
    expect(okValue(resolved("x?b=2", "http://h/api/?key=1")).search).toBe("?key=1&b=2")
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
})
