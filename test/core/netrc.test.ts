import { describe, expect, it } from "@effect/vitest"
import * as Netrc from "../../src/core/netrc.js"

const creds = (text: string, host: string) => Netrc.lookup(Netrc.parse(text), host)

describe(".netrc", () => {
  it("a machine's login and password, on one line or many, the host matched without regard to case", () => {
    const text = "machine api.example.com login ada password s3cret\nmachine other.test\n  login bob\n\tpassword pw2\n"
    expect(creds(text, "API.example.com")).toEqual({ login: "ada", password: "s3cret" })
    expect(creds(text, "other.test")).toEqual({ login: "bob", password: "pw2" })
    expect(creds(text, "example.com")).toBeUndefined()
  })

  it("the first entry for a machine wins; default answers any other host, wherever it stands", () => {
    const text = "default login anon password guest\nmachine h login first password 1\nmachine h login second password 2"
    expect(creds(text, "h")).toEqual({ login: "first", password: "1" })
    expect(creds(text, "elsewhere")).toEqual({ login: "anon", password: "guest" })
    expect(creds("default login a password 1 default login b password 2", "x")).toEqual({ login: "a", password: "1" })
  })

  it("quoted tokens take spaces and escapes; account is read past; a field without a value is undefined", () => {
    expect(creds("machine h login \"ada l\" account acct password \"p \\\"q\\\" \\\\\"", "h")).toEqual({ login: "ada l", password: "p \"q\" \\" })
    expect(creds("machine h login ada", "h")).toEqual({ login: "ada", password: undefined })
    expect(creds("machine h password", "h")).toEqual({ login: undefined, password: undefined })
    expect(creds("machine", "h")).toBeUndefined()
  })

  it("a macdef body, up to its empty line, is not read as entries; one without an end runs to the end", () => {
    const text = "macdef init\nmachine evil login x password y\ncd /\n \nmachine h login ada password pw\n"
    expect(creds(text, "h")).toEqual({ login: "ada", password: "pw" })
    expect(creds(text, "evil")).toBeUndefined()
    expect(creds("machine h login ada password pw\nmacdef m\nmachine evil login x password y", "evil")).toBeUndefined()
    expect(creds("machine h login ada macdef m\nline\n\n password pw", "h")).toEqual({ login: "ada", password: "pw" })
  })

  it("a machine's name is matched without regard to case on either side; an unterminated quote runs to the end; # within a token is the token's", () => {
    expect(creds("machine API.Example.COM login ada password pw", "api.example.com")).toEqual({ login: "ada", password: "pw" })
    expect(creds("machine h login ada password \"open ended", "h")).toEqual({ login: "ada", password: "open ended" })
    expect(creds("machine h login ada password pw#x", "h")).toEqual({ login: "ada", password: "pw#x" })
    expect(creds("machine h password default login ada", "h")).toEqual({ login: "ada", password: "default" })
    expect(creds("login x password y", "h")).toBeUndefined()
  })

  it("a # comment runs to the end of its line; stray words before any machine are passed over", () => {
    expect(creds("# machine h login x password y\nmachine h login ada password pw", "h")).toEqual({ login: "ada", password: "pw" })
    expect(creds("machine h login ada # password wrong\npassword pw", "h")).toEqual({ login: "ada", password: "pw" })
    expect(creds("machine h login ada password \"#pw\"", "h")).toEqual({ login: "ada", password: "#pw" })
    expect(creds("stray words login x\nmachine h login ada password pw #", "h")).toEqual({ login: "ada", password: "pw" })
  })
})
