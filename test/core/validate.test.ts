import { describe, expect, it } from "@effect/vitest"
import { headerProblem, isSafeHeaderValue, isToken } from "../../src/core/validate.js"

describe("header and method checks", () => {
  it("a header name must be a token, a value visible characters, spaces, tabs or obs-text; each problem says which header", () => {
    expect(headerProblem({ "x a": "1" })).toBe("header name \"x a\" is not a valid HTTP token")
    expect(headerProblem({ "x-a": "1\r\n" })).toBe("header \"x-a\" contains a control character (CR, LF, NUL…) or one above U+00FF")
    expect(headerProblem({ "x-a": "tab\there, obs-text \u00ff" })).toBeUndefined()
    expect([isSafeHeaderValue("\u0100"), isSafeHeaderValue("\x7f"), isSafeHeaderValue("\x1f"), isSafeHeaderValue("~")]).toEqual([false, false, false, true])
    expect([isToken("GET"), isToken("M-SEARCH"), isToken("GE T"), isToken("")]).toEqual([true, true, false, false])
  })

  it("Content-Length must be one whole number, every character a digit", () => {
    for (const value of ["0", "7", "123"]) expect(headerProblem({ "content-length": value }), value).toBeUndefined()
    for (const value of ["12x", "x12", "1 2", "-1", "1.5", ""]) {
      expect(headerProblem({ "Content-Length": value }), value).toBe("header \"content-length\" must be a whole number of bytes")
    }
  })

  it("Connection may say close or keep-alive, alone or listed, blanks around them allowed; nothing else", () => {
    for (const value of ["close", "keep-alive", " close ", "Keep-Alive, close"]) expect(headerProblem({ connection: value }), value).toBeUndefined()
    for (const value of ["upgrade", "xclose", "closex", "close x", "x close", "keep-alive, te", ""]) {
      expect(headerProblem({ Connection: value }), value).toBe("header \"connection\" may only be \"close\" or \"keep-alive\": the transport manages the connection")
    }
  })

  it("each connection field is the transport's, whatever its case", () => {
    for (const name of ["Transfer-Encoding", "keep-alive", "UPGRADE", "expect"]) {
      expect(headerProblem({ [name]: "x" }), name).toBe(`header "${name.toLowerCase()}" is the transport's to send: it manages the connection and the body's framing`)
    }
    expect(headerProblem({ te: "trailers", "x-expect": "1" })).toBeUndefined()
  })
})
