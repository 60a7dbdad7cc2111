/**
 * The `deadline` option: one bound for a whole call. The pipeline sets it
 * when the call starts (pipeline.ts); an attempt it cuts short, or a body
 * read, fails with a `TimeoutError` whose phase is `"deadline"`, and a
 * retry whose wait would end past it is not started (retry.ts).
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as HttpError from "../HttpError.js"

/** The error of a call past its deadline of `deadlineMillis`. @internal */
export const passed = (method: string, url: string, deadlineMillis: number): HttpError.TimeoutError =>
  new HttpError.TimeoutError({ method, url, timeout: Duration.millis(deadlineMillis), phase: "deadline" })

/**
 * An attempt's timeout as the call's, when the call's deadline was the
 * nearer bound of the attempt (`deadlineMillis` given): it is what ran out.
 *
 * @internal
 */
export const asDeadline = <E>(error: E, deadlineMillis: number | undefined): E =>
  deadlineMillis !== undefined && HttpError.isHttpError(error) && error._tag === "TimeoutError" && error.phase !== "deadline"
    ? passed(error.method, error.url, deadlineMillis) as E
    : error
