/**
 * The one place where @effect/platform's client errors become ours. Nothing
 * else inspects them. The platform error itself is never kept as a cause:
 * it holds the request, and with it the credential headers.
 *
 * @internal
 */
import * as Client from "#line/client"
import * as Duration from "effect/Duration"
import * as HttpError from "../HttpError.js"
import { DeadlineExceeded } from "./deadline.js"

/**
 * The first error in a runtime's cause chain (an error, its `cause`, and so
 * on, four deep: fetch wraps undici's error, which wraps the socket's) for
 * which `test` holds.
 *
 * @internal
 */
export const findCause = (cause: unknown, test: (error: Error, code: unknown) => boolean): Error | undefined => {
  let current = cause
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    if (test(current, (current as { code?: unknown }).code)) return current
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}

/** The errors, somewhere in a cause chain, that say the bytes received were not HTTP. */
const parserFailure = (cause: unknown): Error | undefined =>
  findCause(cause, (error, code) =>
    // undici asserts on what its parser should have refused (a status of 000).
    code === "ERR_ASSERTION" || error.name === "AssertionError" ||
    error.name === "HTTPParserError" || (typeof code === "string" && code.startsWith("HPE_")))

/**
 * A transport failure that sending again cannot change (`isFinal` looks
 * for it in the cause): a proxy's refusal, a redirect the runtime hid.
 *
 * @internal
 */
export class FinalCause extends Error {}

/** The cause a refusing proxy becomes. @internal */
export class ProxyRefused extends FinalCause {
  constructor(readonly status: number, message: string) {
    super(message)
  }
}

/** The status a proxy refused with, as undici reports it for a CONNECT (any status) or a forwarded request (407). */
const proxyRefusal = (cause: unknown): number | undefined => {
  let status: number | undefined
  findCause(cause, (error) => {
    const match = /^Proxy response \((\d{3})\) !== 200/.exec(error.message) ??
      /^Proxy Authentication Required \((407)\)$/.exec(error.message)
    if (match !== null) status = Number(match[1])
    return match !== null
  })
  return status
}

const refused = (status: number, url: string): Error => {
  // tinyproxy says 401 where the RFC says 407.
  const hint = status === 407 || status === 401
    ? ": the proxy wants credentials (put them in the proxy URL) or refused the ones given"
    : url.startsWith("http:")
    ? `: a proxy that allows CONNECT to port 443 only needs proxy: { url, tunnel: "https-only" } for http:// origins`
    : ""
  return new ProxyRefused(status, `the proxy refused the request with ${status}${hint}`)
}

/**
 * A cause that says what went wrong in words a user can act on: for a
 * response that is not valid HTTP, that it was malformed (with the
 * parser's code, never its internals); for a proxy that refused, its status.
 */
const connectionCause = (cause: unknown, url: string): unknown => {
  const status = proxyRefusal(cause)
  if (status !== undefined) return refused(status, url)
  const parser = parserFailure(cause)
  if (parser === undefined) return cause
  const code = (parser as { code?: unknown }).code
  const detail = typeof code === "string" && code.startsWith("HPE_") ? ` (${code}: ${parser.message})` : ""
  return new Error(`malformed response: the server did not answer with valid HTTP${detail}`)
}

// What undici (under NodeHttp and Node's fetch) throws for a request it
// refuses to start: nothing reached for the origin.
const localRefusalCodes = new Set(["UND_ERR_INVALID_ARG", "UND_ERR_NOT_SUPPORTED"])

/**
 * The transport's own refusal of a request before it began (an argument it
 * does not accept), or undefined: the caller's mistake, never the origin's.
 *
 * @internal
 */
export const localRefusal = (cause: unknown): Error | undefined =>
  findCause(cause, (_, code) => typeof code === "string" && localRefusalCodes.has(code))

/**
 * Our error for a transport's: a deadline it kept is a `TimeoutError`, a
 * proxy's or undici's refusal says so; the rest as `HttpError.fromPlatform`
 * reads it (an error of ours inside, from a session's client, is itself).
 *
 * @internal
 */
export const fromPlatform = (error: Client.ClientError, method: string, url: string): HttpError.HttpError => {
  const { cause, kind } = Client.describe(error)
  if (cause instanceof DeadlineExceeded) {
    return new HttpError.TimeoutError({ method, url, timeout: Duration.millis(cause.timeoutMillis), phase: cause.phase })
  }
  if (kind === "Transport" && !HttpError.isHttpError(cause)) {
    // undici reports a proxy's 407 with the same error class: that one is the proxy's answer.
    const refusal = proxyRefusal(cause) === undefined ? localRefusal(cause) : undefined
    if (refusal !== undefined) {
      return new HttpError.InvalidRequest({ method, url, reason: `the transport refused the request before sending it: ${refusal.message}` })
    }
    return new HttpError.ConnectionError({ method, url, cause: connectionCause(cause, url) })
  }
  return HttpError.fromPlatform(error, { method, url })
}
