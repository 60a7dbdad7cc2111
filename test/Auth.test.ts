import type * as HttpClient from "#line/http/HttpClient"
import { describe, expect, expectTypeOf, it } from "@effect/vitest"
import { Data, Duration, Effect, Fiber, Redacted, Stream } from "effect"
import { Auth, Http, type HttpError, type Middleware, Retry } from "effect-requests"
import { MockHttp, TestServer } from "effect-requests/testing"
import * as Digest from "../src/internal/digest.js"
import { eachTransport } from "./helpers.js"
import { fork, TestClock } from "#testline"

describe("Auth", () => {
  it("basic encodes user:password as UTF-8 base64", () => {
    expect(Auth.toHeader(Auth.basic("user", "pass"))).toBe("Basic dXNlcjpwYXNz")
    expect(Auth.toHeader(Auth.basic("user", "päss"))).toBe(`Basic ${Buffer.from("user:päss").toString("base64")}`)
  })

  it("bearer sends the token", () => {
    expect(Auth.toHeader(Auth.bearer(Redacted.make("t0k")))).toBe("Bearer t0k")
  })

  it("keeps secrets redacted when printed", () => {
    const auth = Auth.bearer("t0k")
    expect(JSON.stringify(auth)).not.toContain("t0k")
    expect(String((auth as Auth.Bearer).token)).not.toContain("t0k")
    expect(JSON.stringify(Auth.basic("u", "pw"))).not.toContain("pw")
  })
})

describe("Auth.refreshing", () => {
  /** An identity provider that counts its tokens: t1, t2, … each good for a minute. */
  const provider = () => {
    let issued = 0
    const getToken = Effect.sync(() => ({ token: Redacted.make(`t${++issued}`), expiresIn: Duration.minutes(1) }))
    return { getToken, issued: () => issued }
  }
  // The API accepts the tokens in `good` (all when undefined).
  const api = (good?: ReadonlyArray<string>) =>
    MockHttp.layer([
      MockHttp.any("*", (req) =>
        good === undefined || good.includes(req.headers["authorization"] ?? "") ? MockHttp.text("ok") : MockHttp.status(401))
    ])
  const sentTokens = Effect.map(MockHttp.calls, (calls) => calls.map((call) => call.headers["authorization"]))

  it.effect("one token while it is good; a new one from refreshBefore ahead of its expiry", () =>
    Effect.gen(function* () {
      const { getToken, issued } = provider()
      const session = Http.make({ retry: Retry.none, middleware: [Auth.refreshing(getToken, { refreshBefore: "10 seconds" })] })
      yield* session.get("https://api.test/a")
      yield* TestClock.adjust("49 seconds")
      yield* session.get("https://api.test/a")
      yield* TestClock.adjust("1 second")
      yield* session.get("https://api.test/a")
      expect(issued()).toBe(2)
      expect(yield* sentTokens).toEqual(["Bearer t1", "Bearer t1", "Bearer t2"])
    }).pipe(Effect.provide(api())))

  it.effect("50 concurrent requests with an expired token cause exactly one refresh", () =>
    Effect.gen(function* () {
      const { getToken, issued } = provider()
      const slow = Effect.andThen(Effect.sleep("1 second"), getToken)
      const session = Http.make({ retry: Retry.none, middleware: [Auth.refreshing(slow)] })
      const first = yield* fork(session.get("https://api.test/a"))
      yield* TestClock.adjust("1 second")
      yield* Fiber.join(first)
      yield* TestClock.adjust("2 minutes")
      const all = yield* fork(Effect.all(Array.from({ length: 50 }, () => session.get("https://api.test/a")), { concurrency: "unbounded" }))
      yield* TestClock.adjust("1 second")
      expect(yield* Fiber.join(all)).toHaveLength(50)
      expect(issued()).toBe(2)
      const tokens = yield* sentTokens
      expect(tokens.slice(1)).toEqual(Array(50).fill("Bearer t2"))
    }).pipe(Effect.provide(api())))

  it.effect("a 401 causes one refresh and one resend, within the attempt", () =>
    Effect.gen(function* () {
      const { getToken, issued } = provider()
      const session = Http.make({ retry: Retry.none, middleware: [Auth.refreshing(getToken)] })
      const res = yield* session.get("https://api.test/a")
      expect(res.status).toBe(200)
      expect(issued()).toBe(2)
      expect(yield* sentTokens).toEqual(["Bearer t1", "Bearer t2"])
    }).pipe(Effect.provide(api(["Bearer t2"]))))

  it.effect("a 401 to the fresh token too is the answer: never a loop", () =>
    Effect.gen(function* () {
      const { getToken, issued } = provider()
      const session = Http.make({ middleware: [Auth.refreshing(getToken, { scheme: "Token" })] })
      const error = yield* session.get("https://api.test/a").pipe(Effect.flip)
      expect(error).toMatchObject({ _tag: "StatusError", status: 401 })
      expect(issued()).toBe(2)
      expect(yield* sentTokens).toEqual(["Token t1", "Token t2"])
    }).pipe(Effect.provide(api([]))))

  it.effect("a request whose stream body was sent once is not resent after a 401", () =>
    Effect.gen(function* () {
      const { getToken } = provider()
      const session = Http.make({ middleware: [Auth.refreshing(getToken)] })
      const body = Stream.make(new TextEncoder().encode("once"))
      const error = yield* session.post("https://api.test/upload", { body }).pipe(Effect.flip)
      expect(error).toMatchObject({ _tag: "StatusError", status: 401 })
      expect(yield* sentTokens).toEqual(["Bearer t1"])
    }).pipe(Effect.provide(api([]))))

  it.effect("getToken's own error and requirements are the session's", () =>
    Effect.gen(function* () {
      class LoginFailed extends Data.TaggedError("LoginFailed")<{}> {}
      const session = Http.make({ middleware: [Auth.refreshing(Effect.fail(new LoginFailed()))] })
      expectTypeOf(session).toEqualTypeOf<Http.Session<HttpClient.HttpClient, HttpError.HttpError | LoginFailed>>()
      expect(yield* session.get("https://api.test/a").pipe(Effect.flip)).toEqual(new LoginFailed())
      expect(yield* MockHttp.calls).toEqual([])
    }).pipe(Effect.provide(api())))
})


describe("Auth.digest", () => {
  // RFC 7616 §3.9.1: Mufasa at http-auth@example.org.
  const rfc = {
    realm: "http-auth@example.org",
    nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
    opaque: "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS",
    qop: "auth" as const,
    userhash: false
  }
  const cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"

  it("answers RFC 7616's example exactly, with MD5 and with SHA-256", () => {
    const md5 = Digest.authorization({ ...rfc, algorithm: "MD5" }, 1, cnonce, "Mufasa", "Circle of Life", "GET", "/dir/index.html")
    expect(md5).toContain(`response="8ca523f5e9506fed4657c9700eebdbec"`)
    expect(md5).toContain("nc=00000001")
    expect(md5).toContain(`opaque="${rfc.opaque}"`)
    const sha = Digest.authorization({ ...rfc, algorithm: "SHA-256" }, 1, cnonce, "Mufasa", "Circle of Life", "GET", "/dir/index.html")
    expect(sha).toContain(`response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"`)
  })

  it("reads a Digest challenge among others; one it cannot answer is none", () => {
    const both = Digest.challengeOf(`Basic realm="x", Digest realm="r", nonce="n", qop="auth,auth-int", algorithm=SHA-256, stale=TRUE`)
    expect(both).toMatchObject({ realm: "r", nonce: "n", qop: "auth", algorithm: "SHA-256", stale: true })
    expect(Digest.challengeOf(`Digest realm="r", nonce="n", algorithm=SHA-512-256`)).toBeUndefined()
    expect(Digest.challengeOf(`Digest realm="r", nonce="n", qop="auth-int"`)).toBeUndefined()
    expect(Digest.challengeOf(`Basic realm="r"`)).toBeUndefined()
    expect(Digest.challengeOf(`Digest realm="r \\"quoted\\""`)).toBeUndefined()
  })

  eachTransport((e2e, transport) => {
    /** The session's sends, counted by a middleware inside the digest one. */
    const counted = () => {
      let sends = 0
      const count: Middleware.Middleware = (request, next) => Effect.suspend(() => {
        sends++
        return next(request)
      })
      return { count, sends: () => sends }
    }

    it.scopedLive(`[${transport}] the test server's /digest-auth: one challenge answered, then its nonce reused with a counting nc`, () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        for (const [path, algorithm] of [["auth/user/passwd", "MD5"], ["auth/user/passwd/SHA-256", "SHA-256"], ["none/user/passwd", "MD5 without qop"]]) {
          const { count, sends } = counted()
          const session = Http.make({ middleware: [Auth.digest("user", "passwd"), count] })
          const read = Effect.flatMap(session.get(`${base}/digest-auth/${path}`), (res) => res.json)
          expect(yield* read, algorithm).toEqual({ authenticated: true, user: "user" })
          expect(sends(), algorithm).toBe(2)
          expect(yield* read, algorithm).toEqual({ authenticated: true, user: "user" })
          expect(sends(), algorithm).toBe(3)
        }
      }).pipe(Effect.provide(e2e)))

    it.scopedLive(`[${transport}] a wrong password is a 401 after one answer, never a loop`, () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const { count, sends } = counted()
        const error = yield* Http.make({ middleware: [Auth.digest("user", "wrong"), count] })
          .get(`${base}/digest-auth/auth/user/passwd`).pipe(Effect.flip)
        expect(error).toMatchObject({ _tag: "StatusError", status: 401 })
        expect(sends()).toBe(2)
      }).pipe(Effect.provide(e2e)))
  })
})
