/**
 * What httpbin echoes back: the request's args, headers (in canonical
 * casing), origin, URL and, for bodies, data, form, files and json.
 *
 * @internal
 */
import type * as http from "node:http"

/** The parts of a received request the endpoints answer from. @internal */
export interface Received {
  readonly method: string
  readonly url: URL
  readonly headers: Readonly<Record<string, string>>
  readonly origin: string
  readonly body: Buffer
}

type Multi = Record<string, string | Array<string>>

const canonical = (name: string): string =>
  name.split("-").map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join("-")

const addMulti = (into: Multi, key: string, value: string) => {
  const prev = into[key]
  into[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value]
}

/** @internal */
export const canonicalHeaders = (headers: Readonly<Record<string, string>>): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const name of Object.keys(headers)) out[canonical(name)] = headers[name]!
  return out
}

/** @internal */
export const args = (url: URL): Multi => {
  const out: Multi = {}
  for (const [key, value] of url.searchParams) addMulti(out, key, value)
  return out
}

/** @internal */
export const headersOf = (req: http.IncomingMessage): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (values !== undefined) out[name] = values.join(name === "cookie" ? "; " : ", ")
  }
  return out
}

const utf8 = new TextDecoder("utf-8", { fatal: true })

const fileText = (bytes: Uint8Array, type: string): string => {
  try {
    return utf8.decode(bytes)
  } catch {
    return `data:${type || "application/octet-stream"};base64,${Buffer.from(bytes).toString("base64")}`
  }
}

/** The request shape of /get: no body fields. @internal */
export const basic = (req: Received) => ({
  args: args(req.url),
  headers: canonicalHeaders(req.headers),
  origin: req.origin,
  url: req.url.href
})

/** The request shape of /post, /anything and friends. @internal */
export const withBody = async (req: Received, method = false) => {
  const contentType = req.headers["content-type"] ?? ""
  const form: Multi = {}
  const files: Multi = {}
  let data = ""
  let json: unknown = null
  if (contentType.startsWith("multipart/form-data") || contentType.startsWith("application/x-www-form-urlencoded")) {
    const parsed = await new Request("http://parser/", {
      method: "POST",
      headers: { "content-type": contentType },
      body: new Uint8Array(req.body)
    }).formData()
    for (const [key, value] of parsed) {
      if (typeof value === "string") addMulti(form, key, value)
      else addMulti(files, key, fileText(new Uint8Array(await value.arrayBuffer()), value.type))
    }
  } else {
    data = fileText(req.body, contentType)
    try {
      json = data === "" ? null : JSON.parse(data)
    } catch {
      json = null
    }
  }
  return {
    args: args(req.url),
    data,
    files,
    form,
    headers: canonicalHeaders(req.headers),
    json,
    ...(method ? { method: req.method } : {}),
    origin: req.origin,
    url: req.url.href
  }
}
