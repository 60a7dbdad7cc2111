import * as HttpBody from "#line/http/HttpBody"
import * as HttpClient from "#line/http/HttpClient"
import * as HttpClientRequest from "#line/http/HttpClientRequest"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Schema, Stream } from "effect"
import { Http } from "effect-requests"
import { MockHttp, TestServer } from "effect-requests/testing"
import { eachTransport } from "../helpers.js"
import { recordOf, unionOf } from "#testline"
import * as Effects from "#line/effect"
import * as Schemas from "#line/schema"

const PostEcho = Schema.Struct({
  data: Schema.String,
  form: recordOf(unionOf(Schema.String, Schema.Array(Schema.String))),
  files: recordOf(Schema.String),
  headers: recordOf(Schema.String)
})

const formData = () => {
  const form = new FormData()
  form.append("name", "ada")
  form.append("file", new Blob(["file bytes"], { type: "text/plain" }), "f.txt")
  return form
}

// Every body kind a platform request can carry, sent by the client each
// layer provides: one encoder serves both transports and the mock.
const bodies: ReadonlyArray<readonly [string, HttpBody.HttpBody, (echo: typeof PostEcho.Type) => void]> = [
  ["a FormData (encoded with its boundary)", HttpBody.formData(formData()), (echo) => {
    expect(echo.form).toEqual({ name: "ada" })
    expect(echo.files).toEqual({ file: "file bytes" })
    expect(echo.headers["Content-Type"]).toMatch(/^multipart\/form-data; boundary=/)
  }],
  ["a Blob (its length declared)", HttpBody.raw(new Blob(["blob body"]), { contentType: "text/plain" }), (echo) => {
    expect(echo.data).toBe("blob body")
    expect(echo.headers["Content-Length"]).toBe("9")
  }],
  ["a string", HttpBody.raw("plain text", { contentType: "text/plain" }), (echo) => expect(echo.data).toBe("plain text")],
  ["a stream", HttpBody.stream(Stream.make("str", "eam").pipe(Stream.encodeText), "text/plain"), (echo) => expect(echo.data).toBe("stream")]
]

eachTransport((e2e, transport) => {
  it.layer(e2e)(`request bodies through the transport's own client [${transport}]`, (it) => {
    for (const [name, body, check] of bodies) {
      it.effect(`${name} arrives whole`, () =>
        Effect.gen(function* () {
          const base = yield* TestServer.url
          const client = yield* Effects.service(HttpClient.HttpClient)
          const res = yield* client.execute(HttpClientRequest.post(`${base}/post`).pipe(HttpClientRequest.setBody(body)))
          check(yield* Effect.flatMap(res.json, Schemas.decoder(PostEcho)))
        }))
    }
  })
})

describe("MockHttp reads every body kind the transports send", () => {
  it.effect("multipart with a Blob, a stream and JSON are recorded as their text", () =>
    Effect.gen(function* () {
      yield* Http.post("https://api.test/up", { multipart: { doc: { content: new Blob(["blob part"]), filename: "d.txt" } } })
      yield* Http.post("https://api.test/up", { body: Stream.make("a", "b").pipe(Stream.encodeText) })
      yield* Http.post("https://api.test/up", { json: { id: 1 } })
      const [multipart, streamed, json] = yield* MockHttp.calls
      expect(multipart!.text).toContain("blob part")
      expect(multipart!.text).toContain("filename=\"d.txt\"")
      expect(streamed!.text).toBe("ab")
      expect(json!.json).toEqual({ id: 1 })
    }).pipe(Effect.provide(MockHttp.layer([MockHttp.post("/up", MockHttp.status(204))]))))
})
