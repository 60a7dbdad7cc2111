/**
 * Turning what a user wrote (a method, a URL, options and the session's
 * settings) into a platform request, or into the typed reason it cannot be
 * one. Everything here is checked before a byte is sent.
 *
 * @internal
 */
import * as Client from "#line/client"
import * as HttpBody from "#line/http/HttpBody"
import * as HttpClientRequest from "#line/http/HttpClientRequest"
import type * as HttpMethod from "#line/http/HttpMethod"
import * as UrlParams from "#line/http/UrlParams"
import type * as Effect from "effect/Effect"
import * as Auth from "../Auth.js"
import type * as Http from "./types.js"
import type * as Middleware from "../Middleware.js"
import * as HttpError from "../HttpError.js"
import type * as Retry from "../Retry.js"
import * as Config from "./config.js"
import type * as CookieJar from "./cookieJar.js"
import * as Progress from "./progress.js"
import * as PlatformCall from "./platformCall.js"
import type * as Observe from "./observe.js"
import type * as Proxy from "../core/proxy.js"
import { declaredLength } from "./readBody.js"
import { isCredentialHeader } from "./redirect.js"
import * as RequestBody from "./requestBody.js"
import * as Checked from "../core/checked.js"
import * as Url from "../core/url.js"
import { isSuccess } from "../core/status.js"
import { headerProblem, isToken } from "../core/validate.js"

/** A request ready to send, with what the sender needs to know about it. @internal */
export interface Prepared {
  readonly request: HttpClientRequest.HttpClientRequest
  readonly method: string
  readonly url: URL
  /** false for a one-shot stream body, which a 307/308 cannot send again. */
  readonly replayable: boolean
  readonly timeoutMillis: number
  /** The whole call's bound (the `deadline` option); Infinity for none. */
  readonly deadlineMillis: number
  /** The longest wait for a streamed body's next bytes; Infinity for none. */
  readonly idleTimeoutMillis: number
  /** Most redirects to follow; 0 returns the 3xx response itself. */
  readonly redirects: number
  /** Whether an https→http hop may be followed. */
  readonly allowInsecureRedirects: boolean
  readonly validateStatus: (status: number) => boolean
  /** The StatusError of a status the caller takes whatever it is (`session.httpClient`), which carries the response. */
  readonly answer: PlatformCall.PlatformCall["answer"] | undefined
  readonly maxBodySize: number
  readonly maxLineLength: number
  readonly retry: Retry.Retry
  /** The session's cookie jar, when it keeps one. */
  readonly jar: CookieJar.Jar | undefined
  readonly onProgress: ((progress: Http.Progress) => Effect.Effect<void>) | undefined
  /** The session's proxy, for the transport to route each hop by. */
  readonly proxy: Proxy.Routes | undefined
  readonly log: Observe.LogLevel
  /** Whether a traced send carries `traceparent`. */
  readonly propagateTrace: boolean
  /** The session's middleware, around each send; undefined for none. */
  readonly middleware: ReadonlyArray<Middleware.Any> | undefined
  /** The session's baseUrl: a middleware keeps a request under it. */
  readonly base: Url.Base | undefined
}

// With redirects off the user asked for the 3xx itself, so it is not a failure.
const acceptsSuccessOrRedirect = (status: number): boolean => status >= 200 && status < 400

const paramsOf = (settings: Config.Settings, options: Http.Options | undefined) =>
  Config.mergeParams(settings.params, Config.own(options, "params"))

const appendParams = (url: URL, input: UrlParams.Input | undefined): string | undefined => {
  if (input === undefined) return undefined
  let params: UrlParams.UrlParams
  try {
    params = UrlParams.fromInput(Config.withoutAbsent(input))
  } catch (cause) {
    return `params cannot be encoded: ${cause instanceof Error ? cause.message : String(cause)}`
  }
  const pairs = Client.paramPairs(params)
  if (pairs.length === 0) return undefined
  // Appended as text so that the query the user wrote keeps its exact
  // encoding (a presigned URL's signature depends on it).
  const extra = new URLSearchParams(pairs as Array<[string, string]>).toString()
  url.search = url.search.length > 1 ? `${url.search}&${extra}` : extra
  return undefined
}

/** Userinfo in a URL becomes Basic auth, as in requests; fetch refuses such URLs. */
const takeUserinfo = (url: URL): Auth.Auth | undefined => {
  if (url.username === "" && url.password === "") return undefined
  const auth = Auth.basic(decodeURIComponent(url.username), decodeURIComponent(url.password))
  url.username = ""
  url.password = ""
  return auth
}

const authProblem = (auth: Auth.Auth | undefined): string | undefined =>
  auth?._tag === "Basic" && auth.username.includes(":") ? "a Basic auth username cannot contain \":\"" : undefined

const streamWithProgress = (
  body: HttpBody.Stream,
  headers: Readonly<Record<string, string>>,
  onProgress: (progress: Http.Progress) => Effect.Effect<void>
): HttpBody.HttpBody => {
  const total = body.contentLength ?? declaredLength(headers)
  return HttpBody.stream(Progress.track(body.stream, total, onProgress), body.contentType, body.contentLength)
}

/** @internal */
export const prepare = (
  settings: Config.Settings,
  method: string,
  input: string | URL,
  options: Http.Options | undefined,
  /** "foreign": a URL outside the session's scope, sent without its credentials. */
  scope: "session" | "foreign" = "session"
): Checked.Checked<Prepared, HttpError.HttpError> => {
  const shown = typeof input === "string" ? input : input.href
  if (typeof method !== "string" || !isToken(method)) {
    return Checked.refused(new HttpError.InvalidRequest({ url: shown, reason: "method is not a valid HTTP token" }))
  }
  if (settings.base !== undefined && settings.base._tag === "Refused") {
    return Checked.refused(new HttpError.InvalidUrl({ method, url: shown, reason: `baseUrl: ${settings.base.reason}` }))
  }
  const resolved = Url.resolve(input, settings.base?.value, settings.allowAbsoluteUrls || scope === "foreign")
  if (resolved._tag === "Refused") return Checked.refused(new HttpError.InvalidUrl({ method, url: shown, reason: resolved.reason }))
  const url = resolved.value
  const invalid = (reason: string) => Checked.refused(new HttpError.InvalidRequest({ method, url: url.href, reason }))

  const paramsProblem = appendParams(url, paramsOf(settings, options))
  if (paramsProblem !== undefined) return invalid(paramsProblem)
  const userinfo = takeUserinfo(url)

  const headers: Record<string, string | undefined> = { ...settings.headers }
  const sessionAuth = settings.auth ?? userinfo
  if (sessionAuth !== undefined) headers.authorization = Auth.toHeader(sessionAuth)
  Config.mergeHeaders(headers, Config.own(options, "headers"))
  const requestAuth = Config.own(options, "auth")
  if (requestAuth !== undefined) headers.authorization = Auth.toHeader(requestAuth)
  const badAuth = authProblem(requestAuth ?? sessionAuth)
  if (badAuth !== undefined) return invalid(badAuth)
  const given = Client.headersRecord()
  for (const name of Object.keys(headers)) {
    if (headers[name] !== undefined) given[name] = headers[name]
  }
  // Taken away, Accept-Encoding would come back as the transport's default
  // (fetch adds its own whatever we do), and an absent one means "any
  // coding" (RFC 9110 §12.5.3): what was asked for is no compression.
  if ("accept-encoding" in headers && headers["accept-encoding"] === undefined) given["accept-encoding"] = "identity"
  // Made here, once per request: every retry of it sends the same key.
  if ((Config.own(options, "idempotencyKey") ?? settings.idempotencyKey) && given["idempotency-key"] === undefined) {
    given["idempotency-key"] = globalThis.crypto.randomUUID()
  }
  // The same rule as a redirect to another origin.
  if (scope === "foreign") for (const name of Object.keys(given)) if (isCredentialHeader(name)) delete given[name]
  const badHeader = headerProblem(given)
  if (badHeader !== undefined) return invalid(badHeader)
  if (settings.proxy !== undefined) {
    if (settings.proxy._tag === "Refused") return invalid(settings.proxy.reason)
    if (given["proxy-authorization"] !== undefined) {
      return invalid("with a proxy, its credentials go in the proxy URL, not in a Proxy-Authorization header")
    }
  }

  const body = RequestBody.build(options)
  if (body._tag === "Refused") return invalid(body.reason)
  // A multipart boundary comes from the body; a content type given by hand would break it.
  if (body.value.ownContentType) delete given["content-type"]
  // A body of known length declares its own (as fetch and requests do); a
  // caller's Content-Length stays only on a stream, whose size it declares.
  if (body.value.body._tag !== "Stream") delete given["content-length"]

  const onProgress = Config.own(options, "onProgress")
  const sent = onProgress !== undefined && body.value.body._tag === "Stream"
    ? streamWithProgress(body.value.body, given, onProgress)
    : body.value.body
  const made = HttpClientRequest.make(method as HttpMethod.HttpMethod)(url.href)
  // Each setter copies the request: none for the empty body it has already.
  // The caller's headers go over those the body set (its type and length).
  const withBody = sent._tag === "Empty" ? made : HttpClientRequest.setBody(made, sent)
  const request = Client.withHeaders(
    withBody,
    sent._tag === "Empty" ? Client.headersFromRecord(given) : Client.addHeaders(withBody.headers, Client.headersFromRecord(given))
  )
  const timeout = Config.own(options, "timeout")
  const timeoutMillis = timeout === undefined ? settings.timeoutMillis : Config.toMillis(timeout)
  if (!(timeoutMillis >= 0)) return invalid("timeout is not a valid duration")
  const deadline = Config.own(options, "deadline")
  const deadlineMillis = deadline === undefined ? settings.deadlineMillis : Config.toMillis(deadline)
  if (!(deadlineMillis >= 0)) return invalid("deadline is not a valid duration")
  const idleTimeout = Config.own(options, "idleTimeout")
  const idleTimeoutMillis = idleTimeout === undefined ? settings.idleTimeoutMillis : Config.toMillis(idleTimeout)
  if (!(idleTimeoutMillis > 0)) return invalid("idleTimeout is not a valid duration")
  const redirects = Config.redirectLimit(Config.own(options, "redirects"), settings.redirects)
  if (Number.isNaN(redirects)) return invalid("redirects must be a whole number of hops or false")
  const maxBodySize = Config.own(options, "maxBodySize") ?? settings.maxBodySize
  if (!(maxBodySize >= 0)) return invalid("maxBodySize must be a number of bytes")
  const maxLineLength = Config.own(options, "maxLineLength") ?? settings.maxLineLength
  if (!(maxLineLength >= 1)) return invalid("maxLineLength must be a number of characters")
  return Checked.ok({
    request,
    method,
    url,
    replayable: body.value.replayable,
    timeoutMillis,
    deadlineMillis,
    idleTimeoutMillis,
    redirects,
    allowInsecureRedirects: Config.own(options, "allowInsecureRedirects") ?? settings.allowInsecureRedirects,
    validateStatus: Config.own(options, "validateStatus") ?? settings.validateStatus ??
      (redirects === 0 ? acceptsSuccessOrRedirect : isSuccess),
    answer: PlatformCall.of(options)?.answer,
    maxBodySize,
    maxLineLength,
    retry: Config.own(options, "retry") ?? settings.retry,
    jar: settings.jar,
    onProgress,
    proxy: settings.proxy === undefined ? undefined : Checked.value(settings.proxy),
    log: settings.log,
    propagateTrace: settings.propagateTrace,
    middleware: settings.middleware,
    base: settings.base === undefined ? undefined : Checked.value(settings.base)
  })
}

/**
 * A request's Cookie header with the jar's cookies for its URL after any
 * the caller set: what a hop sends. @internal
 */
export const withJarCookies = (own: string | undefined, jar: CookieJar.Jar, url: URL, now: number): string | undefined => {
  const cookies = jar.header(url, now)
  if (cookies === undefined) return own
  return own === undefined ? cookies : `${own}; ${cookies}`
}

/**
 * The headers of the request's first hop as it is sent: its own, with the
 * jar's cookies. What the cache decides on (Vary, credentials).
 *
 * @internal
 */
export const firstHopHeaders = (prepared: Prepared, now: number): Readonly<Record<string, string>> => {
  const headers = prepared.request.headers
  if (prepared.jar === undefined) return headers
  const cookie = withJarCookies(headers["cookie"], prepared.jar, prepared.url, now)
  return cookie === headers["cookie"] ? headers : { ...headers, cookie: cookie! }
}

/**
 * The same request made conditional: the cache's validators (`If-None-Match`,
 * `If-Modified-Since`) added, and a 304 accepted as the answer hoped for.
 * A validator a server gave that is not a safe header value is left out.
 *
 * @internal
 */
export const withValidators = (prepared: Prepared, validators: Readonly<Record<string, string>>): Prepared => {
  const safe: Record<string, string> = {}
  for (const [name, value] of Object.entries(validators)) {
    if (headerProblem({ [name]: value }) === undefined) safe[name] = value
  }
  const accepts = prepared.validateStatus
  return {
    ...prepared,
    request: HttpClientRequest.setHeaders(prepared.request, safe),
    validateStatus: (status) => status === 304 || accepts(status)
  }
}
