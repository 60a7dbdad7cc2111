/**
 * Request bodies from the `json`, `form`, `multipart` and `body` options,
 * built with @effect/platform's `HttpBody` (its urlencoding) and our own
 * multipart encoder.
 *
 * @internal
 */
import * as Streams from "#line/stream"
import * as HttpBody from "#line/http/HttpBody"
import * as UrlParams from "#line/http/UrlParams"
import * as Stream from "effect/Stream"
import type * as Http from "./types.js"
import { own } from "./config.js"
import * as Multipart from "./multipart.js"
import * as PlatformCall from "./platformCall.js"
import { isSafeHeaderValue } from "../core/validate.js"
import * as Checked from "../core/checked.js"

type MultipartValue = Http.MultipartValue
type MultipartInput = NonNullable<Http.Options["multipart"]>
type RawBody = NonNullable<Http.Options["body"]>

/** The body, and whether it can be sent a second time (a stream cannot). @internal */
export interface Built {
  readonly body: HttpBody.HttpBody
  readonly replayable: boolean
  /** Whether the body carries its own content type (a multipart boundary). */
  readonly ownContentType: boolean
}

const bodyKeys = ["json", "form", "multipart", "body"] as const

const safeText = (s: string): boolean => isSafeHeaderValue(s) && !s.includes("\"")

const toBytes = (content: string | Uint8Array): Uint8Array =>
  typeof content === "string" ? new TextEncoder().encode(content) : content

const toPart = (name: string, value: MultipartValue): Checked.Checked<Multipart.Part, string> => {
  if (typeof value !== "object") return Checked.ok({ name, content: toBytes(String(value)) })
  const filename = value.filename ?? name
  const contentType = value.contentType ?? (value.content instanceof Blob ? value.content.type : "")
  // These go into part headers as they are: refuse what could break out.
  if (!safeText(filename)) return Checked.refused(`multipart filename for "${name}" contains CR, LF, NUL or a quote`)
  if (!isSafeHeaderValue(contentType)) return Checked.refused(`multipart content type for "${name}" contains a control character or one above U+00FF`)
  const content = value.content instanceof Blob ? value.content : toBytes(value.content)
  // A file part always has a type; RFC 7578 §4.4 names this one as the default.
  return Checked.ok({ name, filename, contentType: contentType === "" ? "application/octet-stream" : contentType, content })
}

const multipart = (input: MultipartInput): Checked.Checked<HttpBody.HttpBody, string> => {
  const parts: Array<Multipart.Part> = []
  for (const name of Object.keys(input)) {
    if (!safeText(name)) return Checked.refused(`multipart field name ${JSON.stringify(name)} contains CR, LF, NUL or a quote`)
    const value = input[name]
    if (value === undefined) continue
    for (const item of Array.isArray(value) ? value : [value]) {
      const part = toPart(name, item as MultipartValue)
      if (part._tag === "Refused") return Checked.refused(part.reason)
      parts.push(part.value)
    }
  }
  return Checked.ok(Multipart.encode(parts))
}

const raw = (body: RawBody): Checked.Checked<Built, string> => {
  if (typeof body === "string") return Checked.ok({ body: HttpBody.text(body, "text/plain; charset=utf-8"), replayable: true, ownContentType: false })
  if (body instanceof Uint8Array) return Checked.ok({ body: HttpBody.uint8Array(body), replayable: true, ownContentType: false })
  if (Streams.isStream(body)) {
    return Checked.ok({ body: HttpBody.stream(body as Stream.Stream<Uint8Array, unknown>), replayable: false, ownContentType: false })
  }
  return Checked.refused("body must be a string, a Uint8Array or a Stream of Uint8Array")
}

/**
 * The body a request's options describe, or why they describe none: giving
 * two of `json`, `form`, `multipart` and `body` is a contradiction, not a
 * precedence rule to remember.
 *
 * @internal
 */
export const build = (options: Http.Options | undefined): Checked.Checked<Built, string> => {
  // A platform request's body is sent as it is; its headers name its type.
  const call = PlatformCall.of(options)
  if (call !== undefined) return Checked.ok({ body: call.body, replayable: call.body._tag !== "Stream", ownContentType: false })
  const given = bodyKeys.filter((key) => own(options, key) !== undefined)
  if (given.length > 1) return Checked.refused(`give only one of json, form, multipart and body (got ${given.join(" and ")})`)
  if (given.length === 0) return Checked.ok({ body: HttpBody.empty, replayable: true, ownContentType: false })
  const key = given[0]!
  const value = own(options, key)
  try {
    switch (key) {
      case "json": {
        const text = JSON.stringify(value)
        if (text === undefined) return Checked.refused("json body cannot be serialised (a function or a symbol)")
        return Checked.ok({ body: HttpBody.text(text, "application/json"), replayable: true, ownContentType: false })
      }
      case "form":
        return Checked.ok({
          body: HttpBody.urlParams(UrlParams.fromInput(value as UrlParams.Input)),
          replayable: true,
          ownContentType: false
        })
      case "multipart":
        return Checked.map(multipart(value as MultipartInput), (body) => ({ body, replayable: true, ownContentType: true }))
      case "body":
        return raw(value as RawBody)
    }
  } catch (cause) {
    // JSON.stringify of a cycle or a BigInt, or a structure nested so deep
    // that flattening it overflows the stack (axios CVE-2026-42039).
    return Checked.refused(`${key} body cannot be encoded: ${cause instanceof Error ? cause.message : String(cause)}`)
  }
}
