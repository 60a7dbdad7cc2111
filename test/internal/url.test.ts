import { describe, expect, it } from "@effect/vitest"
import { Either } from "effect"
import * as Url from "../../src/internal/url.js"

const base = (s: string) => Either.getOrThrow(Url.makeBase(s))
const resolved = (input: string, b?: string, allowAbsolute = false) =>
  Url.resolve(input, b === undefined ? undefined : base(b), allowAbsolute)

describe("url resolution", () => {
  it("without a base, only absolute http(s) URLs resolve", () => {
    expect(Either.getOrThrow(resolved("http://h/a?b=1")).href).toBe("http://h/a?b=1")
    expect(resolved("/relative")).toEqual(Either.left("not an absolute http(s) URL"))
    expect(resolved("//h/x")).toEqual(Either.left("not an absolute http(s) URL"))
    expect(Either.isLeft(resolved("javascript:alert(1)"))).toBe(true)
    expect(Either.isLeft(resolved("http://"))).toBe(true)
  })

  it("joins like a file path under the base directory", () => {
    expect(Either.getOrThrow(resolved("users/1", "http://h/api")).href).toBe("http://h/api/users/1")
    expect(Either.getOrThrow(resolved("/users/1", "http://h/api/")).href).toBe("http://h/api/users/1")
    expect(Either.getOrThrow(resolved("?q=1", "http://h/api/")).href).toBe("http://h/api/?q=1")
    expect(Either.getOrThrow(resolved("", "http://h")).href).toBe("http://h/")
  })

  it("keeps the base's own query parameters", () => {
    expect(Either.getOrThrow(resolved("x?b=2", "http://h/api/?key=1")).search).toBe("?key=1&b=2")
  })

  it("refuses escapes above the base path", () => {
    for (const path of ["..", "../", "a/../../x", "%2e%2e/x", "%2E./x", "./../x"]) {
      expect(resolved(path, "http://h/api/")).toEqual(Either.left("path escapes the session's baseUrl"))
    }
    expect(Either.getOrThrow(resolved(".", "http://h/api/")).href).toBe("http://h/api/")
  })

  it("refuses absolute and protocol-relative URLs unless allowed", () => {
    for (const url of ["http://other/x", "HTTPS://other/x", "//other/x", "\\\\other/x", "/\\other/x"]) {
      expect(Either.isLeft(resolved(url, "http://h/api/")), url).toBe(true)
    }
    expect(Either.getOrThrow(resolved("//other/x", "https://h/api/", true)).href).toBe("https://other/x")
  })

  it("a base that is not an http(s) URL is refused", () => {
    expect(Either.isLeft(Url.makeBase("ftp://h/"))).toBe(true)
    expect(Either.isLeft(Url.makeBase("nope"))).toBe(true)
  })
})
