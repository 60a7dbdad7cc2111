/**
 * The one place where @effect/platform's client errors become ours. Nothing
 * else inspects them. The platform error itself is never kept as a cause:
 * it holds the request, and with it the credential headers.
 *
 * @internal
 */
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as Duration from "effect/Duration"
import * as HttpError from "../HttpError.js"
import { DeadlineExceeded } from "./deadline.js"

/** @internal */
export const fromPlatform = (error: HttpClientError.HttpClientError, method: string, url: string): HttpError.HttpError => {
  if (error.cause instanceof DeadlineExceeded) {
    return new HttpError.TimeoutError({ method, url, timeout: Duration.millis(error.cause.timeoutMillis), phase: error.cause.phase })
  }
  if (error._tag === "RequestError") {
    switch (error.reason) {
      case "InvalidUrl":
        return new HttpError.InvalidUrl({ method, url, reason: "not a valid URL" })
      case "Encode":
        return new HttpError.InvalidRequest({ method, url, reason: error.description ?? "the body could not be encoded" })
      case "Transport":
        return new HttpError.ConnectionError({ method, url, cause: error.cause })
    }
  }
  switch (error.reason) {
    case "StatusCode":
      // Only a client the user filtered with HttpClient.filterStatus* fails
      // like this; the body stays unread, as that client decided.
      return new HttpError.StatusError({
        method,
        url,
        status: error.response.status,
        statusText: "",
        headers: error.response.headers,
        body: "",
        retryAfter: undefined
      })
    case "Decode":
    case "EmptyBody":
      // The body stream broke after the headers arrived: a reset or a cut.
      return new HttpError.ConnectionError({ method, url, cause: error.cause })
  }
}
