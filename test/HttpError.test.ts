import { describe, expect, it, layer } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { Auth, Http, HttpError, Retry } from "effect-requests"
import { MockHttp, TestServer } from "effect-requests/testing"
import { closedPort, eachTransport } from "./helpers.js"

eachTransport((e2e, transport) => {
  it.layer(e2e)(`every error tag, end to end [${transport}]`, (it) => {
    it.effect("404 is a StatusError with method, URL, headers and body", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const err = yield* Http.get(`${base}/problem/404?detail=no+such+user`).pipe(Effect.flip)
        expect(err).toBeInstanceOf(HttpError.StatusError)
        if (err._tag !== "StatusError") return
        expect(err.status).toBe(404)
        expect(err.statusText).toBe("Not Found")
        expect(err.method).toBe("GET")
        expect(err.url).toBe(`${base}/problem/404?detail=no+such+user`)
        expect(err.headers["content-type"]).toBe("application/problem+json")
        expect(JSON.parse(err.body)).toMatchObject({ status: 404, detail: "no such user" })
        expect(err.message).toBe(`StatusError: 404 Not Found (GET ${base}/problem/404?detail=no+such+user)`)
        expect(String(err)).toBe(err.message)
      }))

    it.effect("StatusError parses Retry-After", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const err = yield* Http.get(`${base}/problem/503?retry_after=7`, { retry: Retry.none }).pipe(Effect.flip)
        expect(err).toMatchObject({ _tag: "StatusError", status: 503 })
        if (err._tag === "StatusError") expect(err.retryAfter && err.retryAfter.value).toEqual({ _tag: "Millis", millis: 7000 })
      }))

    it.effect("a refused port is a ConnectionError naming the cause", () =>
      Effect.gen(function* () {
        const port = yield* closedPort
        const err = yield* Http.get(`http://127.0.0.1:${port}/`, { retry: Retry.none }).pipe(Effect.flip)
        expect(err._tag).toBe("ConnectionError")
        expect(err.message).toContain("ECONNREFUSED")
        expect(err.message).toContain(`(GET http://127.0.0.1:${port}/)`)
      }))

    it.effect("an unparsable URL is an InvalidUrl", () =>
      Effect.gen(function* () {
        const err = yield* Http.get("not a url").pipe(Effect.flip)
        expect(err).toMatchObject({ _tag: "InvalidUrl", url: "not a url" })
        const ftp = yield* Http.get("ftp://127.0.0.1/file").pipe(Effect.flip)
        expect(ftp).toMatchObject({ _tag: "InvalidUrl" })
        expect(ftp.message).toContain("unsupported scheme")
      }))

    it.effect("HTML decoded as JSON is a DecodeError with the body", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const err = yield* Http.get(`${base}/html`).pipe(Effect.flatMap((res) => res.json), Effect.flip)
        expect(err._tag).toBe("DecodeError")
        if (err._tag !== "DecodeError") return
        expect(err.issue.message).toContain("not JSON")
        expect(err.body).toContain("<html>")
        expect(err.status).toBe(200)
      }))

    it.effect("a schema mismatch is a DecodeError naming the path", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const Slides = Schema.Struct({ slideshow: Schema.Struct({ slides: Schema.Array(Schema.Struct({ title: Schema.Number })) }) })
        const err = yield* Http.get(`${base}/json`).pipe(Http.decode(Slides), Effect.flip)
        expect(err._tag).toBe("DecodeError")
        if (err._tag !== "DecodeError") return
        expect(err.issue.path).toEqual(["slideshow", "slides", 0, "title"])
        expect(err.message).toContain(`at ["slideshow"]["slides"][0]["title"]`)
      }))

    it.effect("too many redirects is TooManyRedirects listing the hops", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const err = yield* Http.get(`${base}/redirect/5`, { redirects: 2 }).pipe(Effect.flip)
        expect(err._tag).toBe("TooManyRedirects")
        if (err._tag === "TooManyRedirects") expect(err.redirects).toHaveLength(2)
      }))

    it.effect("two body options are an InvalidRequest", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const err = yield* Http.post(`${base}/post`, { json: { a: 1 }, form: { a: "1" } }).pipe(Effect.flip)
        expect(err).toMatchObject({ _tag: "InvalidRequest" })
        expect(err.message).toContain("json and form")
      }))

    it.effect("a body past maxBodySize is BodyTooLarge", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const err = yield* Http.get(`${base}/bytes/50000`, { maxBodySize: 1000 }).pipe(
          Effect.flatMap((res) => res.bytes),
          Effect.flip
        )
        expect(err).toMatchObject({ _tag: "BodyTooLarge", limit: 1000 })
      }))

    it.effect("every tag can be caught with Effect.catchTag", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const tag = yield* Http.get(`${base}/status/500`, { retry: Retry.none }).pipe(
          Effect.as("ok"),
          Effect.catchTags({
            StatusError: (e) => Effect.succeed(`status ${e.status}`),
            ConnectionError: () => Effect.succeed("connection")
          })
        )
        expect(tag).toBe("status 500")
      }))
  })

  // Real time: this one shows the timeout holds against a real slow server.
  layer(e2e, { excludeTestServices: true })(`timeouts in real time [${transport}]`, (it) => {
    it.effect("/delay/3 with a 300 ms timeout is a TimeoutError in the headers phase, quickly", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        // Had the timeout not fired, the server's answer after 3 s would be a 200.
        const err = yield* Http.get(`${base}/delay/3`, { timeout: "300 millis", retry: Retry.none }).pipe(Effect.flip)
        expect(err).toMatchObject({ _tag: "TimeoutError", phase: "headers", method: "GET" })
      }))

  })

  it.layer(e2e)(`secrets never reach an error [${transport}]`, (it) => {
    it.effect("a bearer token and a cookie are absent from String, message and JSON of a 401", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const err = yield* Http.get(`${base}/status/401?access_token=querysecret`, {
          auth: Auth.bearer("bearersecret"),
          headers: { cookie: "session=cookiesecret" }
        }).pipe(Effect.flip)
        expect(err).toMatchObject({ _tag: "StatusError", status: 401 })
        for (const shown of [String(err), err.message, JSON.stringify(err), JSON.stringify(err.toJSON())]) {
          expect(shown).not.toContain("bearersecret")
          expect(shown).not.toContain("cookiesecret")
          expect(shown).not.toContain("querysecret")
        }
        expect(err.message).toContain("access_token=<redacted>")
      }))

    it.effect("Set-Cookie and Authorization headers of a response print redacted", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const err = yield* Http.get(`${base}/response-headers?set-cookie=sid%3Dsetsecret&x-visible=1`, {
          validateStatus: () => false
        }).pipe(Effect.flip)
        if (err._tag !== "StatusError") return expect.fail(`expected a StatusError, got ${err._tag}`)
        expect(err.headers["set-cookie"]).toBe("<redacted>")
        expect(err.headers["x-visible"]).toBe("1")
        expect(JSON.stringify(err.headers)).not.toContain("setsecret")
      }))

    it.effect("a password in the URL is redacted in a ConnectionError", () =>
      Effect.gen(function* () {
        const port = yield* closedPort
        const err = yield* Http.get(`http://user:hunter2@127.0.0.1:${port}/`, { retry: Retry.none }).pipe(Effect.flip)
        expect(err._tag).toBe("ConnectionError")
        expect(String(err)).not.toContain("hunter2")
        expect(JSON.stringify(err)).not.toContain("hunter2")
      }))
  })
})

describe("HttpError", () => {
  it("isHttpError recognises every tag and nothing else", () => {
    expect(HttpError.isHttpError(new HttpError.InvalidRequest({ reason: "x" }))).toBe(true)
    expect(HttpError.isHttpError(new HttpError.BodyTooLarge({ method: "GET", url: "http://h/", limit: 1 }))).toBe(true)
    expect(HttpError.isHttpError(new Error("x"))).toBe(false)
  })

  it("an error made by hand with a secret URL stores it redacted", () => {
    const err = new HttpError.InvalidUrl({ url: "http://u:pw@h/?token=t", reason: "test" })
    expect(err.url).toBe("http://u:<redacted>@h/?token=<redacted>")
  })

  it("a cause that cannot be printed, or an Error from another realm, still gives a message, redacted", () => {
    const bare = new HttpError.ConnectionError({ method: "GET", url: "http://h/", cause: Object.create(null) })
    expect(bare.message).toContain("ConnectionError")
    expect(() => JSON.stringify(bare)).not.toThrow()
    // What an undici error looks like from a VM context: not instanceof Error here.
    const foreign = { name: "ClientDestroyedError", code: "UND_ERR_DESTROYED", message: "gone: http://u:hunter2@h/" }
    const err = new HttpError.ConnectionError({ method: "GET", url: "http://h/", cause: foreign })
    expect(err.message).toContain("UND_ERR_DESTROYED")
    expect(err.message).not.toContain("hunter2")
  })
})

describe("a DecodeError's message, the same on both Effect lines", () => {
  const answering = (body: unknown) =>
    MockHttp.layer([MockHttp.get("/thing", MockHttp.json(body))])

  it.effect("names what was expected and the value it got", () =>
    Effect.gen(function* () {
      const err = yield* Http.get("https://api.test/thing").pipe(
        Http.decode(Schema.Struct({ n: Schema.Number })),
        Effect.flip,
        Effect.provide(answering({ n: "not-a-number" }))
      )
      expect(err).toMatchObject({ _tag: "DecodeError", issue: { path: ["n"], message: "Expected number, actual \"not-a-number\"" } })
    }))

  it.effect("the value of a field named like a credential is redacted", () =>
    Effect.gen(function* () {
      const err = yield* Http.get("https://api.test/thing").pipe(
        Http.decode(Schema.Struct({ access_token: Schema.Number, password: Schema.String })),
        Effect.flip,
        Effect.provide(answering({ access_token: "s3cr3t-t0ken", password: "x" }))
      )
      expect(err).toMatchObject({ _tag: "DecodeError", issue: { path: ["access_token"], message: "Expected number, actual <redacted>" } })
      expect(err.message).not.toContain("s3cr3t-t0ken")
    }))
})
