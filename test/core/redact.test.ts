import { describe, expect, it } from "@effect/vitest"
import { describeCause, redactHeaders, redactText, redactUrl } from "../../src/core/redact.js"

describe("redaction", () => {
  it("hides a userinfo password, or a lone userinfo token", () => {
    expect(redactUrl("https://user:pw@h/x")).toBe("https://user:<redacted>@h/x")
    expect(redactUrl("https://ghp_token@github.com/x")).toBe("https://<redacted>@github.com/x")
  })

  it("hides credential query and fragment parameters and keeps the rest", () => {
    expect(redactUrl("http://h/x?access_token=a&page=2&api_key=b&X-Amz-Signature=c&key=d&author=e"))
      .toBe("http://h/x?access_token=<redacted>&page=2&api_key=<redacted>&X-Amz-Signature=<redacted>&key=<redacted>&author=e")
    expect(redactUrl("http://h/cb#access_token=t&state=s")).toBe("http://h/cb#access_token=<redacted>&state=s")
    expect(redactUrl("http://h/x?q=1#frag")).toBe("http://h/x?q=1#frag")
  })

  it("works on strings that are not URLs, and is idempotent", () => {
    expect(redactUrl("not a url?password=p")).toBe("not a url?password=<redacted>")
    const once = redactUrl("http://u:p@h/?token=t")
    expect(redactUrl(once)).toBe(once)
  })

  it("hides whatever could be userinfo in a string that does not parse as a URL", () => {
    const hostile = [
      "http://user:abc/SECRET@127.0.0.1:1/",
      "http://user:ab?SECRET@127.0.0.1:1/",
      "http://user:ab#SECRET@127.0.0.1:1/",
      " http://user:SECRET@127.0.0.1/",
      "\thttp://user:SECRET@127.0.0.1/",
      "http:user:SECRET@127.0.0.1/",
      "http:\\\\user:SECRET@127.0.0.1/",
      "http://user:123/SECRET@127.0.0.1/"
    ]
    for (const url of hostile) {
      expect(redactUrl(url)).not.toContain("SECRET")
      expect(redactUrl(url)).toContain("user:<redacted>@127.0.0.1")
    }
  })

  it("keeps an @ in the path or query of a URL without userinfo", () => {
    expect(redactUrl("https://api.github.com/users/@me")).toBe("https://api.github.com/users/@me")
    expect(redactUrl("https://h/search?email=a@b.example")).toBe("https://h/search?email=a@b.example")
  })

  it("redacts URLs quoted inside a runtime's error message", () => {
    expect(redactText("URL includes credentials: http://u:SECRET@127.0.0.1:9/next (more)"))
      .toBe("URL includes credentials: http://u:<redacted>@127.0.0.1:9/next (more)")
  })

  it("hides credential headers whatever their case", () => {
    expect(redactHeaders({ Authorization: "Bearer x", cookie: "a=1", "set-cookie": "b=2", accept: "*/*" }))
      .toEqual({ Authorization: "<redacted>", cookie: "<redacted>", "set-cookie": "<redacted>", accept: "*/*" })
  })

  it("each header on the secret list is hidden, named one by one", () => {
    for (const name of ["authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key", "x-auth-token"]) {
      expect(redactHeaders({ [name]: "s3cret", [name.toUpperCase()]: "s3cret" }), name).toEqual({ [name]: "<redacted>", [name.toUpperCase()]: "<redacted>" })
    }
    expect(redactHeaders({ "x-api-version": "2", "x-request-id": "r", "api-keys-url": "u" }))
      .toEqual({ "x-api-version": "2", "x-request-id": "r", "api-keys-url": "u" })
  })

  it("each short credential parameter is hidden exactly, and a longer name that only contains one is not", () => {
    for (const name of ["key", "sig", "pwd", "pass", "code_verifier"]) {
      expect(redactUrl(`http://h/x?${name}=s3cret&page=2`), name).toBe(`http://h/x?${name}=<redacted>&page=2`)
      expect(redactUrl(`http://h/x?${name.toUpperCase()}=s3cret`), name).toBe(`http://h/x?${name.toUpperCase()}=<redacted>`)
    }
    for (const name of ["keyboard", "signal", "passage", "pwdx", "monkey"]) {
      expect(redactUrl(`http://h/x?${name}=v`), name).toBe(`http://h/x?${name}=v`)
    }
  })

  it("a parameter name is read decoded: an escaped credential name is hidden too", () => {
    expect(redactUrl("http://h/x?access%5Ftoken=s3cret&a%70i_key=k")).toBe("http://h/x?access%5Ftoken=<redacted>&a%70i_key=<redacted>")
    expect(redactUrl("http://h/x?pass%77ord=p")).toBe("http://h/x?pass%77ord=<redacted>")
    // A malformed escape is tested as written, never a crash.
    expect(redactUrl("http://h/x?token%=t")).toBe("http://h/x?token%=<redacted>")
  })

  it("only a query or a fragment holds parameters: a path that looks like one is left alone", () => {
    expect(redactUrl("http://h/token=abc")).toBe("http://h/token=abc")
    expect(redactUrl("/?token=t")).toBe("/?token=<redacted>")
    // A "?" inside the fragment starts no query: the value runs to the end.
    expect(redactUrl("http://h/x#token=t?page=1")).toBe("http://h/x#token=<redacted>")
  })

  it("userinfo without a path, and a password with no user", () => {
    expect(redactUrl("http://user:pw@host")).toBe("http://user:<redacted>@host")
    expect(redactUrl("http://:pw@host/x")).toBe("http://:<redacted>@host/x")
    expect(redactUrl("http://host")).toBe("http://host")
  })

  it("the credential-name pattern, part by part: api key with or without a separator, auth as a word of its own", () => {
    for (const name of ["apikey", "api-key", "api_key", "API_KEY", "auth", "x-auth", "auth_code", "x_auth_y", "session", "sessionid", "client_secret", "passwd"]) {
      expect(redactUrl(`http://h/x?${name}=v`), name).toBe(`http://h/x?${name}=<redacted>`)
    }
    for (const name of ["author", "oauthor", "authority", "xauth", "keyring"]) {
      expect(redactUrl(`http://h/x?${name}=v`), name).toBe(`http://h/x?${name}=v`)
    }
  })

  it("a parameter name is decoded as a form would be: + is a space, and no exact name then matches", () => {
    expect(redactUrl("http://h/x?key+=v&pass%20=w")).toBe("http://h/x?key+=v&pass%20=w")
  })

  it("a parameter without a value, and a path that happens to contain a credential word, stay as they are", () => {
    expect(redactUrl("http://h/x?tokens")).toBe("http://h/x?tokens")
    expect(redactUrl("http://h/tokens?page=1")).toBe("http://h/tokens?page=1")
    expect(redactUrl("http://h/tokens#page=1")).toBe("http://h/tokens#page=1")
  })

  it("query and fragment are each redacted in place, and a ? inside the fragment is the fragment's", () => {
    expect(redactUrl("http://h/x?token=1#frag")).toBe("http://h/x?token=<redacted>#frag")
    expect(redactUrl("http://h/x#a?token=1")).toBe("http://h/x#a?token=<redacted>")
    expect(redactUrl("http://h/x?a=1#token=2")).toBe("http://h/x?a=1#token=<redacted>")
  })

  it("userinfo in a string with no scheme, or right at the authority's start", () => {
    expect(redactUrl("//u:p@h/x")).toBe("//u:<redacted>@h/x")
    expect(redactUrl("///u:p@h/x")).toBe("///u:<redacted>@h/x")
    expect(redactUrl("u:p@h/x")).toBe("u:<redacted>@h/x")
    expect(redactUrl("http://@h/x")).toBe("http://<redacted>@h/x")
  })

  it("a URL at the very start of a text is redacted too, whatever its scheme's length", () => {
    expect(redactText("http://u:SECRET@h/x failed")).toBe("http://u:<redacted>@h/x failed")
    expect(redactText("wss://u:SECRET@h/x")).toBe("wss://u:<redacted>@h/x")
    expect(redactText("no url here")).toBe("no url here")
  })

  it("describeCause gives an error's name, code and message redacted, or the value as text, never throwing", () => {
    expect(describeCause(Object.assign(new Error("at http://u:pw@h/"), { code: "E1" }))).toStrictEqual({ name: "Error", code: "E1", message: "at http://u:<redacted>@h/" })
    expect(describeCause(new TypeError("plain"))).toStrictEqual({ name: "TypeError", message: "plain" })
    // An error from another realm: an object with a string message.
    expect(describeCause({ message: "m", name: 5 })).toStrictEqual({ name: "Error", message: "m" })
    expect(describeCause({ message: 5 })).toBe("[object Object]")
    expect(describeCause(null)).toBe("null")
    expect(describeCause(undefined)).toBeUndefined()
    expect(describeCause("see http://u:pw@h/")).toBe("see http://u:<redacted>@h/")
    expect(describeCause(Object.create(null))).toBe("[object Object]")
  })
})
