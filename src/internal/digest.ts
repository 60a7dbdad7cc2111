/**
 * `Auth.digest`: HTTP Digest authentication (RFC 7616) as a middleware.
 * The first request to an origin goes without credentials; its 401's
 * challenge is answered once and kept, so that later requests to that
 * origin answer it at once, counting `nc` up, until the server says the
 * nonce is stale. MD5 and SHA-256 (and their `-sess` forms), `qop=auth`,
 * or no qop for an RFC 2069 server.
 *
 * @internal
 */
import * as HttpClientRequest from "#line/http/HttpClientRequest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type * as Middleware from "../Middleware.js"
import { dropBody } from "./middleware.js"
import { md5Hex } from "../core/md5.js"
import { sha256Hex, toHex } from "../core/sha256.js"

interface Challenge {
  readonly realm: string
  readonly nonce: string
  readonly opaque: string | undefined
  readonly algorithm: "MD5" | "SHA-256" | "MD5-sess" | "SHA-256-sess"
  readonly qop: "auth" | undefined
  readonly userhash: boolean
  /** Requests answered with this nonce so far. */
  count: number
}

/** The parameters of a `Digest` challenge: `name=token` or `name="quoted"`, comma separated. */
const parameters = (text: string): Map<string, string> => {
  const out = new Map<string, string>()
  for (const match of text.matchAll(/([A-Za-z][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g)) {
    out.set(match[1]!.toLowerCase(), match[2] === undefined ? match[3]! : match[2].replace(/\\(.)/g, "$1"))
  }
  return out
}

const algorithms = new Set(["MD5", "SHA-256", "MD5-sess", "SHA-256-sess"])

/**
 * The challenge of a `WWW-Authenticate` header we can answer, or undefined:
 * not Digest, an algorithm we do not know (SHA-512-256), a qop other than
 * `auth` (auth-int would need the body hashed).
 *
 * @internal
 */
export const challengeOf = (header: string | undefined): Omit<Challenge, "count"> & { readonly stale: boolean } | undefined => {
  const at = header?.search(/(^|,\s*)Digest\s/i) ?? -1
  if (header === undefined || at === -1) return undefined
  const params = parameters(header.slice(at).replace(/^,?\s*Digest\s+/i, ""))
  const realm = params.get("realm")
  const nonce = params.get("nonce")
  const algorithm = params.get("algorithm") ?? "MD5"
  const qops = params.get("qop")?.split(",").map((qop) => qop.trim().toLowerCase())
  if (realm === undefined || nonce === undefined || !algorithms.has(algorithm)) return undefined
  if (qops !== undefined && !qops.includes("auth")) return undefined
  return {
    realm,
    nonce,
    opaque: params.get("opaque"),
    algorithm: algorithm as Challenge["algorithm"],
    qop: qops === undefined ? undefined : "auth",
    userhash: params.get("userhash")?.toLowerCase() === "true",
    stale: params.get("stale")?.toLowerCase() === "true"
  }
}

const cnonce = (): string => toHex(crypto.getRandomValues(new Uint8Array(16)))

const quoted = (value: string) => `"${value.replace(/(["\\])/g, "\\$1")}"`

/**
 * The `Authorization` value answering `challenge` for a request: the next
 * `nc`, a fresh client nonce.
 *
 * @internal
 */
export const authorization = (
  challenge: Omit<Challenge, "count">,
  nc: number,
  client: string,
  username: string,
  password: string,
  method: string,
  uri: string
): string => {
  const hash = challenge.algorithm.startsWith("SHA-256") ? sha256Hex : md5Hex
  const secret = hash(`${username}:${challenge.realm}:${password}`)
  const ha1 = challenge.algorithm.endsWith("-sess") ? hash(`${secret}:${challenge.nonce}:${client}`) : secret
  const ha2 = hash(`${method}:${uri}`)
  const count = nc.toString(16).padStart(8, "0")
  const response = challenge.qop === undefined
    ? hash(`${ha1}:${challenge.nonce}:${ha2}`)
    : hash(`${ha1}:${challenge.nonce}:${count}:${client}:auth:${ha2}`)
  const parts = [
    `username=${quoted(challenge.userhash ? hash(`${username}:${challenge.realm}`) : username)}`,
    `realm=${quoted(challenge.realm)}`,
    `nonce=${quoted(challenge.nonce)}`,
    `uri=${quoted(uri)}`,
    `algorithm=${challenge.algorithm}`,
    `response=${quoted(response)}`
  ]
  if (challenge.qop !== undefined) parts.push(`qop=auth`, `nc=${count}`, `cnonce=${quoted(client)}`)
  if (challenge.opaque !== undefined) parts.push(`opaque=${quoted(challenge.opaque)}`)
  if (challenge.userhash) parts.push("userhash=true")
  return `Digest ${parts.join(", ")}`
}


/** @internal */
export const make = (username: string, password: Redacted.Redacted<string>): Middleware.Middleware => {
  const challenges = new Map<string, Challenge>()
  return (request, next, info) => {
    const origin = info.url.origin
    const uri = `${info.url.pathname}${info.url.search}`
    const answer = (challenge: Challenge) => {
      challenge.count++
      const value = authorization(challenge, challenge.count, cnonce(), username, Redacted.value(password), request.method, uri)
      return next(HttpClientRequest.setHeader(request, "authorization", value))
    }
    const known = challenges.get(origin)
    return Effect.flatMap(known === undefined ? next(request) : answer(known), (response) => {
      if (response.status !== 401 || request.body._tag === "Stream") return Effect.succeed(response)
      const challenge = challengeOf(response.headers["www-authenticate"])
      // A challenge answered already and not stale: the credentials are wrong, and the 401 is the answer.
      if (challenge === undefined || (known !== undefined && !challenge.stale && challenge.nonce === known.nonce)) return Effect.succeed(response)
      const fresh: Challenge = { ...challenge, count: 0 }
      challenges.set(origin, fresh)
      return Effect.andThen(dropBody(response), answer(fresh))
    })
  }
}
