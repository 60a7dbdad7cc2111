import { expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Http } from "effect-requests"
import { TestServer } from "effect-requests/testing"
import { Echo, eachTransport, session } from "../helpers.js"


eachTransport((e2e, transport) => {
  it.layer(e2e)(`a session's baseUrl is a boundary [${transport}]`, (it) => {
    it.effect("a path cannot climb above baseUrl, however it spells '..' (undici CVE-2022-35949 class)", () =>
      Effect.gen(function* () {
        const api = yield* session()
        for (const path of ["../get", "a/../../get", "%2e%2e/get", ".%2E/get", "..\\get"]) {
          const err = yield* api.get(path).pipe(Effect.flip)
          expect(err, path).toMatchObject({ _tag: "InvalidUrl", reason: "path escapes the session's baseUrl" })
        }
        const inside = yield* api.get("a/../b").pipe(Http.decode(Echo))
        expect(inside.url).toMatch(/\/anything\/api\/b$/)
      }))


    it.scoped("an absolute or protocol-relative URL is refused unless allowAbsoluteUrls (axios CVE-2025-27152, CVE-2024-39338)", () =>
      Effect.gen(function* () {
        const other = yield* TestServer.make()
        const api = yield* session({ headers: { "x-api-key": "k" } })
        const host = other.url.replace("http:", "")
        for (const url of [`${other.url}/get`, `${host}/get`, `\\\\${host.slice(2)}/get`]) {
          const err = yield* api.get(url).pipe(Effect.flip)
          expect(err, url).toMatchObject({ _tag: "InvalidUrl" })
        }
        expect(yield* other.received).toEqual([])
        const open = yield* session({ allowAbsoluteUrls: true })
        const res = yield* open.get(`${other.url}/get`)
        expect(res.url).toBe(`${other.url}/get`)
      }))


    it.scoped("a path that is a full URL to another origin is refused, and the other origin gets nothing (undici CVE-2022-35949)", () =>
      Effect.gen(function* () {
        const other = yield* TestServer.make()
        const api = yield* session({ headers: { "x-api-key": "k" } })
        for (const path of [`${other.url}/`, `http:${other.url.slice(5)}/`, `HTTP://127.0.0.1:${other.port}/`]) {
          const err = yield* api.get(path).pipe(Effect.flip)
          expect(err, path).toMatchObject({ _tag: "InvalidUrl" })
        }
        // With a leading space it is not a URL at all, only an odd path under the base.
        const spaced = yield* api.get(` ${other.url}/`)
        expect(spaced.url.startsWith(`${yield* TestServer.url}/anything/api/`)).toBe(true)
        expect(yield* other.received).toEqual([])
      }))

    it.scoped("a redirect may leave the baseUrl (it is the server's choice), but without the session's credentials", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const other = yield* TestServer.make()
        const api = Http.make({ baseUrl: `${base}/`, headers: { authorization: "Bearer k" } })
        const res = yield* api.get(`redirect-to?url=${encodeURIComponent(`${other.url}/headers`)}`)
        expect(res.url).toBe(`${other.url}/headers`)
        expect((yield* other.received)[0]!.headers.authorization).toBeUndefined()
      }))
  })
})
