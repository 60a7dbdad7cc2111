import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { redactText, redactUrl } from "../../src/core/redact.js"
import * as Url from "../../src/core/url.js"
import { fixed } from "./seed.js"
import { okValue } from "../checked.js"

const base = okValue(Url.makeBase("http://127.0.0.1:8080/api/v1/"))

// Paths built from the characters that make escapes: dots, slashes of both
// kinds, percent escapes of them, schemes, "@" and ":".
const pathPiece = fc.constantFrom("..", ".", "/", "\\", "%2e", "%2E%2e", "%2f", "%5c", "a", "b", "//", "@", ":", "http:", "?", "#", "%00", " ", "\t")
const hostilePath = fc.array(pathPiece, { maxLength: 12 }).map((pieces) => pieces.join(""))

const secretChar = fc.constantFrom(..."abcXYZ019/?#:@%+= \\")
const secret = fc.array(secretChar, { maxLength: 10 }).map((chars) => `S3CR3T${chars.join("")}`)
const template = fc.constantFrom(
  (s: string) => `http://user:${s}@127.0.0.1:1/`,
  (s: string) => `https://user:${s}@host.test/path?q=1`,
  (s: string) => ` http://user:${s}@h/`,
  (s: string) => `\thttp://user:${s}@h/`,
  (s: string) => `http:user:${s}@h/`,
  (s: string) => `http:\\\\user:${s}@h/`,
  // A lone token ends at "/", "?", "#" or "\\" (past them it is the host's
  // path); with a ":" in it, it is a user name and a password.
  (s: string) => `http://${s.replace(/[/?#\\:]/g, "")}@h/`,
  (s: string) => `https://h/x?access_token=${encodeURIComponent(s)}&page=2`,
  (s: string) => `https://h/cb#token=${encodeURIComponent(s)}`
)

describe("URL properties", () => {
  it.prop("a path given to a session never resolves outside its baseUrl", { path: hostilePath }, ({ path }) => {
    const resolved = Url.resolve(path, base, false)
    if (resolved._tag === "Ok") {
      expect(resolved.value.origin).toBe("http://127.0.0.1:8080")
      expect(resolved.value.pathname.startsWith("/api/v1/") || resolved.value.pathname === "/api/v1").toBe(true)
    }
  }, fixed)

  it.prop("no generated password or token survives redaction, in a URL or quoted in a message", { secret, template }, ({ secret, template }) => {
    const url = template(secret)
    expect(redactUrl(url)).not.toContain("S3CR3T")
    // In free text a URL ends at a blank: quoted URLs are checked when they hold none.
    if (!/\s/.test(url.trim())) expect(redactText(`failed: ${url.trim()} (more)`)).not.toContain("S3CR3T")
    expect(redactUrl(redactUrl(url))).toBe(redactUrl(url))
  }, fixed)
})
