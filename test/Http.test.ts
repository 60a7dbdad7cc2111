import { describe, expect, it, vi } from "@effect/vitest"
import { Effect, Schema, Stream } from "effect"
import { Auth, Http, Retry } from "effect-requests"
import { TestServer } from "effect-requests/testing"
import { eachTransport, httpServer, transports } from "./helpers.js"
import { collect, recordOf, unionOf } from "#testline"

const Echo = Schema.Struct({
  args: recordOf(unionOf(Schema.String, Schema.Array(Schema.String))),
  headers: recordOf(Schema.String),
  url: Schema.String
})
const BodyEcho = Schema.Struct({
  ...Echo.fields,
  data: Schema.String,
  form: recordOf(unionOf(Schema.String, Schema.Array(Schema.String))),
  files: recordOf(Schema.String),
  json: Schema.Unknown
})
const AnythingEcho = Schema.Struct({ ...BodyEcho.fields, method: Schema.String })

eachTransport((e2e, transport) => {
  it.layer(e2e)(`Http verbs against the loopback httpbin [${transport}]`, (it) => {
    it.effect("GET returns status, reason, ok, headers and a JSON body", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const res = yield* Http.get(`${base}/get`)
        expect(res.status).toBe(200)
        expect(res.statusText).toBe("OK")
        expect(res.ok).toBe(true)
        expect(res.headers.get("Content-Type")).toBe("application/json")
        expect(res.headers.get("content-type")).toBe("application/json")
        expect(res.url).toBe(`${base}/get`)
        expect(res.redirects).toEqual([])
        const body = (yield* res.json) as { url: string }
        expect(body.url).toBe(`${base}/get`)
      }))

    it.effect("each verb sends its method", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const sent = [
          ["GET", Http.get], ["POST", Http.post], ["PUT", Http.put], ["PATCH", Http.patch],
          ["DELETE", Http.del], ["OPTIONS", Http.options]
        ] as const
        for (const [method, verb] of sent) {
          const echo = yield* verb(`${base}/anything`).pipe(Http.decode(AnythingEcho))
          expect(echo.method).toBe(method)
        }
        const custom = yield* Http.request("PROPFIND", `${base}/anything`).pipe(Http.decode(AnythingEcho))
        expect(custom.method).toBe("PROPFIND")
      }))

    it.effect("HEAD gets headers and an empty body", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const res = yield* Http.head(`${base}/bytes/10`)
        expect(res.headers.get("content-length")).toBe("10")
        expect((yield* res.bytes).length).toBe(0)
      }))

    it.effect("params: arrays repeat the key, undefined drops it, the URL's own query is kept", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const echo = yield* Http.get(`${base}/get?keep=1`, { params: { tag: ["a", "b"], gone: undefined, n: 3, q: "x y&z" } })
          .pipe(Http.decode(Echo))
        expect(echo.args).toEqual({ keep: "1", tag: ["a", "b"], n: "3", q: "x y&z" })
      }))

    it.effect("headers are sent, case-insensitively merged, and a default User-Agent names the library", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const echo = yield* Http.get(`${base}/headers`, { headers: { "X-Custom": "1" } })
          .pipe(Http.decode(Schema.Struct({ headers: recordOf(Schema.String) })))
        expect(echo.headers["X-Custom"]).toBe("1")
        expect(echo.headers["User-Agent"]).toMatch(/^effect-requests\/\d+\.\d+\.\d+/)
        const own = yield* Http.get(`${base}/user-agent`, { headers: { "User-Agent": "mine/1" } }).pipe(
          Effect.flatMap((res) => res.json)
        )
        expect(own).toEqual({ "user-agent": "mine/1" })
      }))

    it.effect("json sends application/json and the server reads it back", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const echo = yield* Http.post(`${base}/post`, { json: { id: 1, tags: ["a"] } }).pipe(Http.decode(BodyEcho))
        expect(echo.json).toEqual({ id: 1, tags: ["a"] })
        expect(echo.headers["Content-Type"]).toBe("application/json")
      }))

    it.effect("form sends urlencoded fields, like requests' data=", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const echo = yield* Http.post(`${base}/post`, { form: { key: "value", many: ["1", "2"] } }).pipe(Http.decode(BodyEcho))
        expect(echo.form).toEqual({ key: "value", many: ["1", "2"] })
        expect(echo.headers["Content-Type"]).toBe("application/x-www-form-urlencoded")
      }))

    it.effect("multipart sends text fields and files", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const echo = yield* Http.post(`${base}/post`, {
          multipart: {
            field: "text",
            upload: { content: "file body", filename: "a.txt", contentType: "text/plain" },
            bytes: { content: new Uint8Array([0xff, 0x00, 0xfe]), filename: "b.bin" }
          }
        }).pipe(Http.decode(BodyEcho))
        expect(echo.form).toEqual({ field: "text" })
        expect(echo.files.upload).toBe("file body")
        expect(echo.files.bytes).toBe("data:application/octet-stream;base64,/wD+")
        expect(echo.headers["Content-Type"]).toMatch(/^multipart\/form-data; boundary=/)
      }))

    it.effect("body sends a string, bytes or a stream as given, and content-type can be set", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const text = yield* Http.put(`${base}/put`, { body: "plain" }).pipe(Http.decode(BodyEcho))
        expect(text.data).toBe("plain")
        expect(text.headers["Content-Type"]).toBe("text/plain; charset=utf-8")
        const bytes = yield* Http.put(`${base}/put`, { body: new TextEncoder().encode("raw"), headers: { "content-type": "x/y" } })
          .pipe(Http.decode(BodyEcho))
        expect(bytes.data).toBe("raw")
        expect(bytes.headers["Content-Type"]).toBe("x/y")
        const chunks = Stream.fromIterable(["st", "re", "am"]).pipe(Stream.encodeText)
        const streamed = yield* Http.post(`${base}/post`, { body: chunks }).pipe(Http.decode(BodyEcho))
        expect(streamed.data).toBe("stream")
      }))

    it.effect("a caller's stale Content-Length is replaced by the body's own", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const echo = yield* Http.post(`${base}/post`, { body: "hello", headers: { "Content-Length": "999" } })
          .pipe(Http.decode(BodyEcho))
        expect(echo.data).toBe("hello")
        expect(echo.headers["Content-Length"]).toBe("5")
      }))

    it.effect("auth sends Basic and Bearer credentials", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const basic = yield* Http.get(`${base}/basic-auth/user/p%C3%A4ss`, { auth: Auth.basic("user", "päss") }).pipe(
          Effect.flatMap((res) => res.json)
        )
        expect(basic).toEqual({ authenticated: true, user: "user" })
        const bearer = yield* Http.get(`${base}/bearer`, { auth: Auth.bearer("tok") }).pipe(Effect.flatMap((res) => res.json))
        expect(bearer).toEqual({ authenticated: true, token: "tok" })
      }))

    it.effect("userinfo in the URL becomes Basic auth and leaves the URL", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const res = yield* Http.get(base.replace("http://", "http://user:pass@") + "/basic-auth/user/pass")
        expect(yield* res.json).toEqual({ authenticated: true, user: "user" })
        expect(res.url).toBe(`${base}/basic-auth/user/pass`)
      }))

    it.effect("a gzip body is decompressed, and the headers no longer claim an encoding or the encoded length", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const res = yield* Http.get(`${base}/gzip`)
        expect(yield* res.json).toMatchObject({ gzipped: true, method: "GET" })
        expect(res.headers.get("content-encoding")).toBeUndefined()
        expect(res.headers.get("content-length")).toBeUndefined()
        expect(res.headers.get("content-type")).toBe("application/json")
      }))

    it.effect("httpVersion says HTTP/1.1 where the transport knows it (NodeHttp) and nothing where it does not (fetch)", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const res = yield* Http.get(`${base}/get`)
        expect(res.httpVersion).toBe(transport === "node" ? "1.1" : undefined)
      }))

    it.effect("the body can be read as text, then json, then bytes: one read, cached", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const res = yield* Http.get(`${base}/json`)
        const text = yield* res.text
        expect(yield* res.json).toEqual(JSON.parse(text))
        expect(new TextDecoder().decode(yield* res.bytes)).toBe(text)
      }))

    it.effect("two fibers reading the body at once get the same bytes", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        for (const path of ["/bytes/5000?seed=1", "/stream/20"]) {
          const res = yield* Http.get(`${base}${path}`)
          const [a, b] = yield* Effect.all([res.text, res.text], { concurrency: 2 })
          expect(a.length).toBeGreaterThan(0)
          expect(b).toBe(a)
        }
      }))

    it.effect("stream gives the body as it arrives; a second stream fails clearly", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const res = yield* Http.get(`${base}/bytes/3000?seed=7`)
        const chunks = yield* collect(res.stream)
        const size = chunks.reduce((n, c) => n + c.length, 0)
        expect(size).toBe(3000)
        const again = yield* collect(res.stream).pipe(Effect.flip)
        expect(again._tag).toBe("InvalidRequest")
        expect(yield* res.text.pipe(Effect.flip)).toMatchObject({ _tag: "InvalidRequest" })
      }))

    it.effect("decode gives typed values; Http.decode is the pipeable form", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const echo = yield* Http.post(`${base}/post`, { form: { key: "value" } }).pipe(
          Effect.flatMap((res) => res.decode(Schema.Struct({ form: Schema.Struct({ key: Schema.String }) })))
        )
        expect(echo.form.key).toBe("value")
        const direct = yield* Http.decode(Http.get(`${base}/get`), Echo)
        expect(direct.url).toBe(`${base}/get`)
      }))

    it.effect("validateStatus decides what a success is", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const res = yield* Http.get(`${base}/status/404`, { validateStatus: (s) => s < 500 })
        expect(res.status).toBe(404)
        expect(res.ok).toBe(false)
        const err = yield* Http.get(`${base}/get`, { validateStatus: (s) => s === 201 }).pipe(Effect.flip)
        expect(err).toMatchObject({ _tag: "StatusError", status: 200 })
      }))

    it.effect("catchStatus handles the chosen status and leaves the others", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const handled = yield* Http.get(`${base}/status/404`).pipe(
          Effect.as("found"),
          Http.catchStatus(404, (e) => Effect.succeed(`missing ${e.status}`))
        )
        expect(handled).toBe("missing 404")
        const other = yield* Http.get(`${base}/status/500`, { retry: Retry.none }).pipe(
          Http.catchStatus([404, 410], () => Effect.succeed("missing")),
          Effect.flip
        )
        expect(other).toMatchObject({ _tag: "StatusError", status: 500 })
      }))

    it.effect("errorBody decodes an API's error body onto the StatusError", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const Problem = Schema.Struct({ title: Schema.String, detail: Schema.String })
        const err = yield* Http.get(`${base}/problem/409?detail=taken`).pipe(Http.errorBody(Problem), Effect.flip)
        expect(err._tag).toBe("StatusError")
        if (err._tag === "StatusError") expect(err.data).toEqual({ title: "Conflict", detail: "taken" })
        const mismatch = yield* Http.get(`${base}/status/500`, { retry: Retry.none }).pipe(Http.errorBody(Problem), Effect.flip)
        expect(mismatch).toMatchObject({ _tag: "StatusError", status: 500, data: undefined })
      }))
  })

  describe(`the transport layer [${transport}]`, () => {
    it("is a layer every verb can run on", async () => {
      const result = await Effect.runPromise(
        Effect.gen(function* () {
          const base = yield* TestServer.url
          return (yield* Http.get(`${base}/get`)).status
        }).pipe(Effect.provide(e2e))
      )
      expect(result).toBe(200)
    })
  })
})

describe("text decoding", () => {
  for (const [name, transport] of transports) {
    it.scopedLive(`text honours the declared charset, and an unknown one reads as UTF-8 [${name}]`, () =>
      Effect.gen(function* () {
        const { url } = yield* httpServer((req, res) => {
          const latin1 = req.url === "/latin1"
          res.writeHead(200, { "content-type": latin1 ? "text/plain; charset=ISO-8859-1" : "text/plain; charset=x-unknown" })
          res.end(latin1 ? Buffer.from([0x63, 0x61, 0x66, 0xe9]) : Buffer.from("café", "utf8"))
        })
        const read = (path: string) => Http.get(`${url}${path}`).pipe(Effect.flatMap((r) => r.text), Effect.provide(transport))
        // Twice each: the decoders are kept per charset between responses.
        for (let i = 0; i < 2; i++) {
          expect(yield* read("/latin1")).toBe("café")
          expect(yield* read("/unknown")).toBe("café")
        }
      }))

  }
})

describe("Http.layerWith", () => {
  // What the runtime's fetch is asked for: the browser's credentials mode
  // only when one is given (fetch's own default, same-origin, otherwise).
  const asked = (credentials?: RequestCredentials) =>
    Effect.gen(function* () {
      const seen: Array<RequestCredentials | undefined> = []
      const fetch: typeof globalThis.fetch = (_input, init) => {
        seen.push(init?.credentials)
        return Promise.resolve(new Response("ok", { status: 200 }))
      }
      const text = yield* Http.get("https://api.test/me").pipe(
        Effect.flatMap((res) => res.text),
        Effect.provide(Http.layerWith(credentials === undefined ? { fetch } : { fetch, credentials }))
      )
      expect(text).toBe("ok")
      return seen
    })

  it.effect("credentials: \"include\" is passed to fetch; without it fetch keeps its default", () =>
    Effect.gen(function* () {
      expect(yield* asked("include")).toEqual(["include"])
      expect(yield* asked()).toEqual([undefined])
    }))
  /** A fetch that answers as a browser's does: the redirects already followed, or hidden. */
  const browserLike = (answer: (init: RequestInit | undefined) => Response) => {
    const asked: Array<RequestRedirect | undefined> = []
    const fetch: typeof globalThis.fetch = (_input, init) => {
      asked.push(init?.redirect)
      return Promise.resolve(answer(init))
    }
    return { fetch, asked }
  }
  const landedAt = (url: string) => {
    const response = new Response("{}", { status: 200, headers: { "content-type": "application/json" } })
    Object.defineProperties(response, { redirected: { value: true }, url: { value: url } })
    return response
  }

  it.effect("redirects: \"runtime\" lets fetch follow, and the response says where it landed", () =>
    Effect.gen(function* () {
      const { fetch, asked } = browserLike(() => landedAt("https://api.test/final"))
      const res = yield* Http.get("https://api.test/start").pipe(Effect.provide(Http.layerWith({ fetch, redirects: "runtime" })))
      expect(asked).toEqual([undefined])
      expect(res.url).toBe("https://api.test/final")
      expect(res.redirects).toEqual(["https://api.test/final"])
    }))

  it.effect("in a browser (a Mozilla/ user agent) the runtime follows redirects by default; elsewhere the library does", () =>
    Effect.gen(function* () {
      const { fetch, asked } = browserLike(() => new Response("ok"))
      yield* Http.get("https://api.test/").pipe(Effect.provide(Http.layerWith({ fetch })))
      vi.stubGlobal("navigator", { userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0" })
      try {
        yield* Http.get("https://api.test/").pipe(Effect.provide(Http.layerWith({ fetch })))
      } finally {
        vi.unstubAllGlobals()
      }
      expect(asked).toEqual(["manual", undefined])
    }))

  it.effect("an opaque redirect (a runtime that hides redirects, asked for manual ones) is a ConnectionError that says what to do, never a status 0", () =>
    Effect.gen(function* () {
      const { fetch } = browserLike(() => Object.defineProperties(new Response(null, { status: 200 }), { type: { value: "opaqueredirect" } }))
      const err = yield* Http.get("https://api.test/start").pipe(
        Effect.provide(Http.layerWith({ fetch, redirects: "library" })),
        Effect.flip
      )
      expect(err._tag).toBe("ConnectionError")
      expect(err.message).toContain(`redirects: "runtime"`)
    }))

  /** A response as Chromium gives a null-body status: an empty stream, not `null`. */
  const emptyStreamBody = (status: number) => {
    const response = new Response(null, { status })
    Object.defineProperty(response, "body", { value: new ReadableStream({ start: (controller) => controller.close() }) })
    return response
  }

  it.live("a 204 or 304 whose body is an empty stream (Chromium's) settles, under a timeout too, with an empty body", () =>
    Effect.gen(function* () {
      for (const status of [204, 304]) {
        const fetch: typeof globalThis.fetch = () => Promise.resolve(emptyStreamBody(status))
        const res = yield* Http.get("https://api.test/item", { timeout: "5 seconds", validateStatus: () => true }).pipe(
          Effect.provide(Http.layerWith({ fetch }))
        )
        expect([res.status, yield* res.text]).toEqual([status, ""])
      }
    }))

  it.live("a response that throws when the transport reads it fails the request with a ConnectionError, never a hang", () =>
    Effect.gen(function* () {
      const broken = new Response("x")
      Object.defineProperty(broken, "headers", { get: () => { throw new TypeError("the runtime refused") } })
      const fetch: typeof globalThis.fetch = () => Promise.resolve(broken)
      const err = yield* Http.get("https://api.test/item", { retry: Retry.none }).pipe(Effect.provide(Http.layerWith({ fetch })), Effect.flip)
      expect(err._tag).toBe("ConnectionError")
      expect(err.message).toContain("the runtime refused")
    }))

  it.effect("a fetch given to layerWith is called without a receiver, as a browser's window.fetch must be", () =>
    Effect.gen(function* () {
      // What Chromium's fetch does when called on anything but the global object.
      const strict = function(this: unknown) {
        if (this !== undefined && this !== globalThis) return Promise.reject(new TypeError("Illegal invocation"))
        return Promise.resolve(new Response("ok"))
      } as unknown as typeof globalThis.fetch
      const text = yield* Http.get("https://api.test/").pipe(Effect.flatMap((res) => res.text), Effect.provide(Http.layerWith({ fetch: strict })))
      expect(text).toBe("ok")
    }))
})
