import { describe, expect, it } from "@effect/vitest"
import { Duration } from "effect"
import { HttpError, Retry } from "effect-requests"
import { FinalCause, ProxyRefused } from "../../src/internal/platformError.js"
import { isFinal, isOriginFailure, isTransient } from "../../src/internal/transient.js"

const connection = (cause: unknown) => new HttpError.ConnectionError({ method: "GET", url: "http://h/", cause })
const status = (code: number) =>
  new HttpError.StatusError({ method: "GET", url: "http://h/", status: code, statusText: "", headers: {}, body: "", retryAfter: undefined })
const timeout = new HttpError.TimeoutError({ method: "GET", url: "http://h/", timeout: Duration.seconds(1), phase: "headers" })
const coded = (code: string) => Object.assign(new Error(code), { code })

describe("transient or final, the origin's failure or not", () => {
  it("the origin is in trouble on a connection error, a timeout, or a status from 500; not on anything else", () => {
    expect([connection(new Error("reset")), timeout, status(500), status(503), status(599)].every(isOriginFailure)).toBe(true)
    const others = [
      status(499), status(404), status(429),
      new HttpError.InvalidRequest({ reason: "x" }),
      new HttpError.InvalidUrl({ url: "x", reason: "x" }),
      new HttpError.DecodeError({ method: "GET", url: "http://h/", status: 200, issue: { path: [], message: "x" }, body: "" }),
      new HttpError.BodyTooLarge({ method: "GET", url: "http://h/", limit: 1 }),
      new HttpError.TooManyRedirects({ method: "GET", url: "http://h/", redirects: [] }),
      new HttpError.CircuitOpen({ method: "GET", url: "http://h/", retryAfter: Duration.seconds(1) })
    ]
    expect(others.filter(isOriginFailure).map((error) => error._tag)).toEqual([])
    // A body that did not decode says the origin answered, whatever its status.
    const undecoded = new HttpError.DecodeError({ method: "GET", url: "http://h/", status: 503, issue: { path: [], message: "x" }, body: "" })
    expect(isOriginFailure(undecoded)).toBe(false)
    expect(isTransient(Retry.policy(), undecoded)).toBe(false)
  })

  it("each certificate failure is final, found in the cause chain up to four deep; other codes are not", () => {
    const codes = [
      "DEPTH_ZERO_SELF_SIGNED_CERT", "SELF_SIGNED_CERT_IN_CHAIN", "UNABLE_TO_VERIFY_LEAF_SIGNATURE", "UNABLE_TO_GET_ISSUER_CERT",
      "UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "CERT_HAS_EXPIRED", "CERT_NOT_YET_VALID", "CERT_UNTRUSTED", "CERT_REVOKED",
      "CERT_SIGNATURE_FAILURE", "ERR_TLS_CERT_ALTNAME_INVALID", "HOSTNAME_MISMATCH"
    ]
    for (const code of codes) expect(isFinal(connection(coded(code))), code).toBe(true)
    const wrapped = new Error("fetch failed", { cause: new Error("socket", { cause: coded("CERT_HAS_EXPIRED") }) })
    expect(isFinal(connection(wrapped))).toBe(true)
    for (const code of ["ECONNRESET", "ECONNREFUSED", "UND_ERR_SOCKET", "CERT_OK"]) expect(isFinal(connection(coded(code))), code).toBe(false)
    // A certificate code on something other than a connection error makes nothing final.
    expect(isFinal(status(503))).toBe(false)
  })

  it("a proxy's refusal and a hidden redirect are final; a plain error is not", () => {
    expect(isFinal(connection(new ProxyRefused(407, "refused")))).toBe(true)
    expect(isFinal(connection(new Error("tunnel", { cause: new FinalCause("hidden redirect") })))).toBe(true)
    expect(isFinal(connection(new Error("plain")))).toBe(false)
  })

  it("a policy retries what it lists (statuses, error tags, its while), never what is final", () => {
    const policy = Retry.policy()
    expect([408, 425, 429, 500, 502, 503, 504].every((code) => isTransient(policy, status(code)))).toBe(true)
    expect([400, 404, 409, 501, 505].some((code) => isTransient(policy, status(code)))).toBe(false)
    expect([isTransient(policy, connection(new Error("reset"))), isTransient(policy, timeout)]).toEqual([true, true])
    expect(isTransient(policy, connection(coded("CERT_HAS_EXPIRED")))).toBe(false)
    expect(isTransient(policy, new HttpError.InvalidRequest({ reason: "x" }))).toBe(false)
    const custom = Retry.policy({ statuses: [418], while: (error) => error._tag === "DecodeError" })
    expect([isTransient(custom, status(418)), isTransient(custom, status(503))]).toEqual([true, false])
    expect(isTransient(custom, new HttpError.DecodeError({ method: "GET", url: "http://h/", status: 200, issue: { path: [], message: "x" }, body: "" }))).toBe(true)
  })
})
