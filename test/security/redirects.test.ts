import { describe, expect, it } from "@effect/vitest"
import { Effect, Schema, Stream } from "effect"
import { Auth, Http } from "effect-requests"
import { MockHttp, TestServer } from "effect-requests/testing"
import { eachTransport } from "../helpers.js"
import { recordOf } from "#testline"

const HeadersEcho = Schema.Struct({ headers: recordOf(Schema.String) })
const AnythingEcho = Schema.Struct({
  method: Schema.String,
  data: Schema.String,
  headers: recordOf(Schema.String)
})

const redirectTo = (from: string, to: string, status = 302) =>
  `${from}/redirect-to?url=${encodeURIComponent(to)}&status_code=${status}`

const credentials = { auth: Auth.bearer("s3cret"), headers: { cookie: "sid=1", "proxy-authorization": "Basic eA==" } }

eachTransport((e2e, transport) => {
  it.layer(e2e)(`redirects [${transport}]`, (it) => {
    it.scoped("Authorization, Cookie and Proxy-Authorization are dropped when the port changes (aiohttp #12275, urllib3 CVE-2018-20060/CVE-2023-43804/CVE-2024-37891, node-fetch CVE-2022-0235, undici CVE-2022-31151/CVE-2024-30260)", () =>
      Effect.gen(function* () {
        const a = yield* TestServer.url
        const b = yield* TestServer.make()
        const res = yield* Http.get(redirectTo(a, `${b.url}/headers`), credentials)
        expect(res.url).toBe(`${b.url}/headers`)
        const seen = (yield* b.received).at(-1)!
        expect(seen.headers.authorization).toBeUndefined()
        expect(seen.headers.cookie).toBeUndefined()
        expect(seen.headers["proxy-authorization"]).toBeUndefined()
        expect(seen.headers["user-agent"]).toBeDefined()
      }))

    it.scoped("a session's API-key headers (X-Api-Key, Api-Key, X-Auth-Token: the redaction list) are credentials too: dropped on a hop to another origin, kept on the same one", () =>
      Effect.gen(function* () {
        const a = yield* TestServer.url
        const b = yield* TestServer.make()
        const keys = { "X-Api-Key": "k3y", "Api-Key": "k3y", "X-Auth-Token": "k3y", "X-Trace": "t" }
        const api = Http.make({ headers: keys })
        yield* api.get(redirectTo(a, `${b.url}/headers`))
        const seen = (yield* b.received).at(-1)!
        expect([seen.headers["x-api-key"], seen.headers["api-key"], seen.headers["x-auth-token"]]).toEqual([undefined, undefined, undefined])
        expect(seen.headers["x-trace"]).toBe("t")
        const same = yield* api.get(redirectTo(a, "/headers")).pipe(Http.decode(HeadersEcho))
        expect([same.headers["X-Api-Key"], same.headers["Api-Key"], same.headers["X-Auth-Token"]]).toEqual(["k3y", "k3y", "k3y"])
      }))

    it.effect("credentials are kept on a same-origin hop", () =>
      Effect.gen(function* () {
        const a = yield* TestServer.url
        const echo = yield* Http.get(redirectTo(a, "/headers"), credentials).pipe(Http.decode(HeadersEcho))
        expect(echo.headers.Authorization).toBe("Bearer s3cret")
        expect(echo.headers.Cookie).toBe("sid=1")
      }))

    it.scoped("credentials dropped on A→B are not restored on B→A (Go CVE-2024-45336)", () =>
      Effect.gen(function* () {
        const a = yield* TestServer.url
        const b = yield* TestServer.make()
        const echo = yield* Http.get(redirectTo(a, redirectTo(b.url, `${a}/headers`)), credentials).pipe(Http.decode(HeadersEcho))
        expect(echo.headers.Authorization).toBeUndefined()
        expect(echo.headers.Cookie).toBeUndefined()
      }))

    it.scoped("credentials are dropped when only the host changes, and stay dropped on later hops at B (Go CVE-2024-45336)", () =>
      Effect.gen(function* () {
        const a = yield* TestServer.url
        const b = yield* TestServer.make()
        const bByName = b.url.replace("127.0.0.1", "localhost")
        // 127.0.0.1:PA → localhost:PB/1 → localhost:PB/2 (same origin as the hop before it).
        const res = yield* Http.get(redirectTo(a, redirectTo(bByName, `${bByName}/headers`)), credentials)
        expect(res.url).toBe(`${bByName}/headers`)
        for (const seen of yield* b.received) {
          expect(seen.headers.authorization, seen.path).toBeUndefined()
          expect(seen.headers.cookie, seen.path).toBeUndefined()
        }
        expect((yield* b.received).length).toBe(2)
      }))

    it.effect("303 after POST arrives as GET with no body and no content headers (urllib3 CVE-2023-45803)", () =>
      Effect.gen(function* () {
        const a = yield* TestServer.url
        const echo = yield* Http.post(redirectTo(a, "/anything", 303), { json: { a: 1 } }).pipe(Http.decode(AnythingEcho))
        expect(echo.method).toBe("GET")
        expect(echo.data).toBe("")
        expect(echo.headers["Content-Type"]).toBeUndefined()
        expect(echo.headers["Content-Length"]).toBeUndefined()
      }))

    it.effect("301 and 302 turn POST into GET; 303 keeps HEAD", () =>
      Effect.gen(function* () {
        const a = yield* TestServer.url
        for (const status of [301, 302]) {
          const echo = yield* Http.post(redirectTo(a, "/anything", status), { form: { a: "1" } }).pipe(Http.decode(AnythingEcho))
          expect(echo.method).toBe("GET")
          expect(echo.data).toBe("")
        }
        const head = yield* Http.head(redirectTo(a, "/anything", 303))
        expect(head.status).toBe(200)
        const seen = (yield* TestServer.received).at(-1)!
        expect(seen.method).toBe("HEAD")
      }))

    it.effect("307 and 308 keep method and body", () =>
      Effect.gen(function* () {
        const a = yield* TestServer.url
        for (const status of [307, 308]) {
          const echo = yield* Http.put(redirectTo(a, "/anything", status), { body: "payload" }).pipe(Http.decode(AnythingEcho))
          expect(echo.method).toBe("PUT")
          expect(echo.data).toBe("payload")
        }
      }))

    it.effect("307 with a one-shot stream body is an InvalidRequest, not an empty resend", () =>
      Effect.gen(function* () {
        const a = yield* TestServer.url
        const body = Stream.make(new TextEncoder().encode("once"))
        const err = yield* Http.post(redirectTo(a, "/anything", 307), { body }).pipe(Effect.flip)
        expect(err._tag).toBe("InvalidRequest")
        expect(err.message).toContain("stream body")
      }))

    it.scoped("redirects: false returns the 302 and the target gets no request (urllib3 CVE-2025-50181)", () =>
      Effect.gen(function* () {
        const a = yield* TestServer.url
        const b = yield* TestServer.make()
        for (const redirects of [false, 0] as const) {
          const res = yield* Http.get(redirectTo(a, `${b.url}/get`), { redirects })
          expect(res.status).toBe(302)
          expect(res.headers.get("location")).toBe(`${b.url}/get`)
        }
        expect(yield* b.received).toEqual([])
      }))

    it.effect("response.url and response.redirects tell the chain", () =>
      Effect.gen(function* () {
        const a = yield* TestServer.url
        const res = yield* Http.get(`${a}/redirect/3`)
        expect(res.url).toBe(`${a}/get`)
        expect(res.redirects).toEqual([`${a}/relative-redirect/2`, `${a}/relative-redirect/1`, `${a}/get`])
        const absolute = yield* Http.get(`${a}/absolute-redirect/2`)
        expect(absolute.redirects).toEqual([`${a}/absolute-redirect/1`, `${a}/get`])
      }))

    it.effect("exactly the limit is followed; one more is TooManyRedirects", () =>
      Effect.gen(function* () {
        const a = yield* TestServer.url
        const ok = yield* Http.get(`${a}/redirect/3`, { redirects: 3 })
        expect(ok.status).toBe(200)
        const err = yield* Http.get(`${a}/redirect/25`).pipe(Effect.flip)
        expect(err._tag).toBe("TooManyRedirects")
        if (err._tag === "TooManyRedirects") expect(err.redirects).toHaveLength(20)
      }))

    it.effect("a redirect to a non-http scheme is refused (got CVE-2022-33987)", () =>
      Effect.gen(function* () {
        const a = yield* TestServer.url
        for (const target of ["file:///etc/passwd", "unix:/var/run/docker.sock:/info"]) {
          const err = yield* Http.get(redirectTo(a, target)).pipe(Effect.flip)
          expect(err._tag).toBe("InvalidUrl")
          expect(err.message).toContain("unsupported scheme")
        }
      }))
  })
})

describe("origins are compared exactly", () => {
  it.effect("Authorization does not follow to a subdomain on the same port (Go CVE-2023-45289)", () =>
    Effect.gen(function* () {
      yield* Http.get("http://localhost:8080/start", credentials)
      const [first, second] = yield* MockHttp.calls
      expect(first!.headers.authorization).toBe("Bearer s3cret")
      expect(second!.url).toBe("http://a.localhost:8080/landing")
      expect(second!.headers.authorization).toBeUndefined()
      expect(second!.headers.cookie).toBeUndefined()
      expect(second!.headers["proxy-authorization"]).toBeUndefined()
    }).pipe(Effect.provide(MockHttp.layer([
      MockHttp.get("http://localhost:8080/start", MockHttp.redirect("http://a.localhost:8080/landing")),
      MockHttp.get("http://a.localhost:8080/landing", MockHttp.status(204))
    ]))))

  it.effect("nor to the parent domain, nor from http to https on the same host", () =>
    Effect.gen(function* () {
      yield* Http.get("http://a.api.test/start", credentials)
      yield* Http.get("http://api.test/upgrade", credentials)
      const calls = yield* MockHttp.calls
      expect(calls.map((c) => c.url)).toEqual(["http://a.api.test/start", "http://api.test/x", "http://api.test/upgrade", "https://api.test/x"])
      expect(calls[1]!.headers.authorization).toBeUndefined()
      expect(calls[3]!.headers.authorization).toBeUndefined()
    }).pipe(Effect.provide(MockHttp.layer([
      MockHttp.get("http://a.api.test/start", MockHttp.redirect("http://api.test/x")),
      MockHttp.get("http://api.test/upgrade", MockHttp.redirect("https://api.test/x")),
      MockHttp.get("*", MockHttp.status(204))
    ]))))
})
