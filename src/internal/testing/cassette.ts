/**
 * Cassettes: exchanges recorded from a real transport into a JSON file,
 * and served back from it. Credentials are redacted before anything is
 * written; replay matches requests by method and redacted URL.
 *
 * @internal
 */
import * as fs from "node:fs"
import * as path from "node:path"
import type * as HttpClient from "#line/http/HttpClient"
import type * as HttpClientRequest from "#line/http/HttpClientRequest"
import * as HttpClientResponse from "#line/http/HttpClientResponse"
import * as Effect from "effect/Effect"
import { REDACTED, redactUrl } from "../../core/redact.js"
import { hasNullBody } from "../../core/status.js"
import * as WireBody from "../wireBody.js"

/** @internal */
export interface Interaction {
  readonly request: {
    readonly method: string
    readonly url: string
    readonly headers: Record<string, string>
    readonly body: string
  }
  readonly response: {
    readonly status: number
    readonly headers: Record<string, string>
    readonly body: string
    readonly encoding: "utf8" | "base64"
  }
}

/** @internal */
export interface File {
  readonly version: 1
  readonly interactions: Array<Interaction>
}

const alwaysRedacted = ["authorization", "proxy-authorization", "cookie", "set-cookie"]
// Trace propagation: new ids on every run, which would rewrite the file each time it is recorded.
const propagation = new Set(["traceparent", "tracestate", "b3", "x-b3-traceid", "x-b3-spanid", "x-b3-parentspanid", "x-b3-sampled", "x-b3-flags"])
// The body is stored decoded, so these no longer describe it.
const transportHeaders = new Set(["content-encoding", "content-length", "transfer-encoding", "connection", "keep-alive"])

/** @internal */
export const redactor = (extra: ReadonlyArray<string>) => {
  const names = new Set([...alwaysRedacted, ...extra.map((name) => name.toLowerCase())])
  const headers = (input: Readonly<Record<string, string>>, dropTransport: boolean): Record<string, string> => {
    const out: Record<string, string> = {}
    for (const [name, value] of Object.entries(input)) {
      if (dropTransport ? transportHeaders.has(name) : propagation.has(name)) continue
      out[name] = names.has(name) ? REDACTED : value
    }
    return out
  }
  /** Headers as the user's code sees them while recording: real values, transport headers gone. */
  const live = (input: Readonly<Record<string, string>>): Record<string, string> => {
    const out: Record<string, string> = {}
    for (const [name, value] of Object.entries(input)) if (!transportHeaders.has(name)) out[name] = value
    return out
  }
  const url = (input: string): string => {
    const redacted = new URL(redactUrl(input).replace(/<redacted>/g, "REDACTED"))
    for (const key of [...redacted.searchParams.keys()]) {
      if (names.has(key.toLowerCase())) redacted.searchParams.set(key, "REDACTED")
    }
    return redacted.href.replace(/REDACTED/g, REDACTED)
  }
  /**
   * The secret values a request carries (credential headers, their token
   * part, cookie values, redacted query values), so that a server echoing
   * them back (httpbin does; token endpoints do) cannot write them into
   * the file through a response body.
   */
  const secrets = (requestHeaders: Readonly<Record<string, string>>, requestUrl: string): Array<string> => {
    const found: Array<string> = []
    for (const [name, value] of Object.entries(requestHeaders)) {
      if (!names.has(name)) continue
      found.push(value, ...value.split(/[\s;,=]+/))
    }
    const live = new URL(requestUrl)
    const shown = new URL(url(requestUrl))
    for (const [key, value] of live.searchParams) {
      if (shown.searchParams.get(key) !== value) found.push(value, encodeURIComponent(value))
    }
    // Short fragments ("Bearer", "sid") are words, not secrets.
    return [...new Set(found.filter((secret) => secret.length >= 6 && !/^(bearer|basic)$/i.test(secret)))]
      .sort((a, b) => b.length - a.length)
  }
  const scrub = (text: string, values: ReadonlyArray<string>): string =>
    values.reduce((out, secret) => out.split(secret).join(REDACTED), text)
  return { headers, live, url, secrets, scrub }
}

/** @internal */
export const read = (file: string): File | undefined => {
  if (!fs.existsSync(file)) return undefined
  return JSON.parse(fs.readFileSync(file, "utf8")) as File
}

/** @internal */
export const write = (file: string, content: File): void => {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`)
}

const utf8 = new TextDecoder("utf-8", { fatal: true })

/** @internal */
export const encodeBody = (bytes: Uint8Array): { body: string; encoding: "utf8" | "base64" } => {
  try {
    return { body: utf8.decode(bytes), encoding: "utf8" }
  } catch {
    return { body: Buffer.from(bytes).toString("base64"), encoding: "base64" }
  }
}

/** @internal */
export const decodeBody = (response: Interaction["response"]): Uint8Array =>
  response.encoding === "base64" ? new Uint8Array(Buffer.from(response.body, "base64")) : new TextEncoder().encode(response.body)

/** @internal */
export const requestBody = (request: HttpClientRequest.HttpClientRequest): string => {
  // The transport still has to send the body: only one held whole is read.
  const held = WireBody.heldBytes(request.body)
  return held === undefined ? `<${request.body._tag} body>` : new TextDecoder().decode(held)
}

/** The response a replayed interaction gives. @internal */
export const toResponse = (request: HttpClientRequest.HttpClientRequest, recorded: Interaction["response"]) => {
  const empty = hasNullBody(recorded.status, request.method)
  return HttpClientResponse.fromWeb(
    request,
    new Response(empty ? null : decodeBody(recorded) as BodyInit, { status: recorded.status, headers: recorded.headers })
  )
}

/** A response read whole, to be recorded and handed on. @internal */
export const capture = (response: HttpClientResponse.HttpClientResponse) =>
  Effect.map(response.arrayBuffer, (buffer) => new Uint8Array(buffer))

/** @internal */
export type Client = HttpClient.HttpClient
