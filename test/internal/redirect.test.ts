import * as HttpBody from "#line/http/HttpBody"
import * as HttpClientRequest from "#line/http/HttpClientRequest"
import { describe, expect, it } from "@effect/vitest"
import { Stream } from "effect"
import * as Redirect from "../../src/internal/redirect.js"
import { isRefused, okValue } from "../checked.js"

const from = new URL("https://a.test/start")
const request = (method: "GET" | "POST" | "PUT" | "DELETE" | "HEAD", body = true) => {
  const made = HttpClientRequest.make(method)("https://a.test/start").pipe(
    HttpClientRequest.setHeaders({ authorization: "Bearer t", cookie: "sid=1", "proxy-authorization": "Basic p", "x-api-key": "k", "x-trace": "1" })
  )
  return body && method !== "GET" && method !== "HEAD" ? HttpClientRequest.bodyText(made, "payload", "text/plain") : made
}
const hop = (req: HttpClientRequest.HttpClientRequest, status: number, to: string, options: { crossed?: boolean; replayable?: boolean; allowInsecure?: boolean } = {}) =>
  Redirect.nextHop(req, status, from, new URL(to), options.crossed ?? false, options.replayable ?? true, options.allowInsecure ?? false)

describe("redirect rules", () => {
  it("a Location's userinfo is dropped: the server does not choose the client's credentials", () => {
    expect(okValue(Redirect.locationUrl("https://user:pw@b.test/x", from)).href).toBe("https://b.test/x")
    expect(okValue(Redirect.locationUrl("https://token@b.test/x", from)).href).toBe("https://b.test/x")
  })

  it("a Location sent as raw UTF-8 is read as UTF-8; bytes that are not UTF-8 stay as they came", () => {
    const latin1View = Buffer.from("/café", "utf8").toString("latin1")
    expect(okValue(Redirect.locationUrl(latin1View, from)).pathname).toBe("/caf%C3%A9")
    expect(okValue(Redirect.locationUrl("/caf\u00e9", from)).pathname).toBe("/caf%C3%A9")
    expect(okValue(Redirect.locationUrl("/plain", from)).pathname).toBe("/plain")
    // Above U+00FF the runtime decoded it already: taken as it is, never cut to bytes.
    expect(okValue(Redirect.locationUrl("/\u4e2d", from)).pathname).toBe("/%E4%B8%AD")
    expect(isRefused(Redirect.locationUrl("file:///etc/passwd", from))).toBe(true)
  })

  it("a Location without a fragment inherits the request's; one with a fragment, even empty, keeps its own (RFC 9110 §10.2.2)", () => {
    const marked = new URL("https://a.test/start#part")
    expect(okValue(Redirect.locationUrl("/next", marked)).href).toBe("https://a.test/next#part")
    expect(okValue(Redirect.locationUrl("/next#other", marked)).href).toBe("https://a.test/next#other")
    expect(okValue(Redirect.locationUrl("/next#", marked)).hash).toBe("")
    expect(okValue(Redirect.locationUrl("/next", from)).href).toBe("https://a.test/next")
  })

  it("https to https is followed; https to http only when allowed; http to https always", () => {
    expect(okValue(hop(request("GET"), 302, "https://b.test/x")).request.url).toBe("https://b.test/x")
    expect(hop(request("GET"), 302, "http://a.test/x")).toEqual({
      _tag: "Refused",
      reason: "a redirect from https to http is refused (set allowInsecureRedirects: true to follow it)"
    })
    expect(okValue(hop(request("GET"), 302, "http://a.test/x", { allowInsecure: true })).request.url).toBe("http://a.test/x")
    expect(okValue(Redirect.nextHop(request("GET"), 302, new URL("http://a.test/"), new URL("https://a.test/"), false, true, false)).crossed).toBe(true)
  })

  it("301 and 302 turn POST alone into GET; PUT and DELETE keep their method and body; 303 makes anything but HEAD a GET", () => {
    for (const status of [301, 302]) {
      const post = okValue(hop(request("POST"), status, "https://a.test/next")).request
      expect([post.method, post.body._tag, post.headers["content-type"]], `${status} POST`).toEqual(["GET", "Empty", undefined])
      for (const method of ["PUT", "DELETE"] as const) {
        const kept = okValue(hop(request(method), status, "https://a.test/next")).request
        expect([kept.method, kept.body._tag], `${status} ${method}`).toEqual([method, "Uint8Array"])
      }
    }
    for (const method of ["POST", "PUT", "DELETE"] as const) {
      const seeOther = okValue(hop(request(method), 303, "https://a.test/next")).request
      expect([seeOther.method, seeOther.body._tag], `303 ${method}`).toEqual(["GET", "Empty"])
    }
    expect(okValue(hop(request("HEAD"), 303, "https://a.test/next")).request.method).toBe("HEAD")
    for (const status of [307, 308]) {
      const same = okValue(hop(request("POST"), status, "https://a.test/next")).request
      expect([same.method, same.body._tag, same.headers["content-type"]], `${status}`).toEqual(["POST", "Uint8Array", "text/plain"])
      // The body goes again as it was, its coding with it; a GET made of it carries neither.
      const encoded = HttpClientRequest.setHeader(request("POST"), "content-encoding", "gzip")
      expect(okValue(hop(encoded, status, "https://a.test/next")).request.headers["content-encoding"], `${status}`).toBe("gzip")
      expect(okValue(hop(encoded, 303, "https://a.test/next")).request.headers["content-encoding"]).toBeUndefined()
    }
  })

  it("credentials go on any change of origin and stay gone for the chain; other headers stay", () => {
    const same = okValue(hop(request("GET"), 302, "https://a.test/other"))
    expect([same.crossed, same.request.headers["authorization"], same.request.headers["x-api-key"], same.request.headers["x-trace"]]).toEqual([false, "Bearer t", "k", "1"])
    for (const to of ["https://b.test/", "https://a.test:8443/", "http://a.test/"]) {
      const left = okValue(hop(request("GET"), 302, to, { allowInsecure: true }))
      const { authorization, cookie, "proxy-authorization": proxy, "x-api-key": key, "x-trace": trace } = left.request.headers
      expect([left.crossed, authorization, cookie, proxy, key, trace], to).toEqual([true, undefined, undefined, undefined, undefined, "1"])
    }
    const back = okValue(hop(request("GET"), 302, "https://a.test/again", { crossed: true }))
    expect([back.crossed, back.request.headers["authorization"]]).toEqual([true, undefined])
  })

  it("a one-shot stream body cannot be sent again by a 307 or 308; a 303 drops it and goes on", () => {
    const streamed = HttpClientRequest.setBody(request("POST", false), HttpBody.stream(Stream.make(new Uint8Array([1]))))
    expect(isRefused(hop(streamed, 307, "https://a.test/next", { replayable: false }))).toBe(true)
    expect(isRefused(hop(streamed, 308, "https://a.test/next", { replayable: false }))).toBe(true)
    expect(okValue(hop(streamed, 303, "https://a.test/next", { replayable: false })).request.method).toBe("GET")
    // Nothing to resend: a request without a body follows a 307 whatever it says of replaying.
    expect(okValue(hop(request("GET"), 307, "https://a.test/next", { replayable: false })).request.method).toBe("GET")
  })
})
