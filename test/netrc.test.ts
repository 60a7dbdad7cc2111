import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import type * as FileSystem from "#line/platform/FileSystem"
import type * as HttpClient from "#line/http/HttpClient"
import type * as PlatformError from "#line/platform/PlatformError"
import { describe, expect, expectTypeOf, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { Auth, Http, type HttpError, Retry } from "effect-requests"
import { TestServer } from "effect-requests/testing"
import * as Netrc from "../src/internal/netrc.js"
import { eachTransport } from "./helpers.js"
import { nodeFileSystem } from "#testnode"

const netrcFile = (text: string) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "netrc-")), ".netrc")
  fs.writeFileSync(file, text, { mode: 0o600 })
  return file
}

eachTransport((e2e, transport) => {
  it.layer(Layer.merge(e2e, nodeFileSystem))(`Auth.netrc [${transport}]`, (it) => {
    it.effect("the entry of the request's host answers Basic auth; the request's own auth wins; no file, no credentials", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const file = netrcFile("machine example.test login x password y\nmachine 127.0.0.1 login ada password s3cret\n")
        const api = Http.make({ baseUrl: base, retry: Retry.none, middleware: [Auth.netrc({ path: file })] })
        expect((yield* api.get("basic-auth/ada/s3cret")).status).toBe(200)
        const own = yield* Effect.flip(api.get("basic-auth/ada/s3cret", { auth: Auth.basic("bob", "other") }))
        expect(own._tag === "StatusError" && own.status).toBe(401)
        const none = Http.make({ baseUrl: base, retry: Retry.none, middleware: [Auth.netrc({ path: `${file}.missing` })] })
        const refused = yield* Effect.flip(none.get("basic-auth/ada/s3cret"))
        expect(refused._tag === "StatusError" && refused.status).toBe(401)
      }))

    it.scoped("a redirect to another origin gets no credentials from the file, though its host has an entry", () =>
      Effect.gen(function* () {
        const a = yield* TestServer.url
        const b = yield* TestServer.make()
        const file = netrcFile("default login ada password s3cret")
        const api = Http.make({ middleware: [Auth.netrc({ path: file })] })
        yield* api.get(`${a}/redirect-to?url=${encodeURIComponent(`${b.url}/headers`)}`)
        expect((yield* TestServer.received).at(-1)!.headers.authorization).toMatch(/^Basic /)
        expect((yield* b.received).at(-1)!.headers.authorization).toBeUndefined()
      }))
  })
})

describe("Auth.netrc", () => {
  it("reads the path given, else $NETRC, else ~/.netrc; none without a home", () => {
    expect(Netrc.pathOf({ path: "/x/netrc" }, { NETRC: "/e", HOME: "/h" })).toBe("/x/netrc")
    expect(Netrc.pathOf({}, { NETRC: "/e", HOME: "/h" })).toBe("/e")
    expect(Netrc.pathOf({}, { NETRC: "", HOME: "/h/" })).toBe("/h/.netrc")
    expect(Netrc.pathOf({}, { USERPROFILE: "C:\\Users\\ada" })).toBe("C:\\Users\\ada/.netrc")
    expect(Netrc.pathOf({}, {})).toBeUndefined()
  })

  it("its file system and its error join the session's type", () => {
    const api = Http.make({ middleware: [Auth.netrc()] })
    expectTypeOf(api.get("x")).toEqualTypeOf<
      Effect.Effect<Http.Response, HttpError.HttpError | PlatformError.PlatformError, HttpClient.HttpClient | FileSystem.FileSystem>
    >()
  })
})
