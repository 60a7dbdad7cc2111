import type * as HttpClient from "#line/http/HttpClient"
import { describe, expect, expectTypeOf, it } from "@effect/vitest"
import { Data, Duration, Effect, Fiber, Redacted, Stream } from "effect"
import { Auth, Http, type HttpError, Retry } from "effect-requests"
import { MockHttp } from "effect-requests/testing"
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

