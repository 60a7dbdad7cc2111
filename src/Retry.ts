/**
 * HTTP-aware retries: which failures are worth another attempt, which
 * requests are safe to send twice, how long to wait (exponential backoff
 * with full jitter, or what the server's `Retry-After` asks for), and when to
 * give up. Every session retries with `Retry.policy()` unless told otherwise;
 * give `Retry.none` to turn it off, or any `Schedule` for full control.
 *
 * All waiting goes through Effect's `Clock` and jitter through its `Random`,
 * so `TestClock` drives a whole retry sequence in virtual time.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Durations from "#line/duration"
import * as Predicate from "effect/Predicate"
import type * as Schedule from "effect/Schedule"
import type * as HttpError from "./HttpError.js"

/**
 * Options of `Retry.policy`. Each default says why it is what it is.
 *
 * @example
 * ```ts
 * import { Retry } from "effect-requests"
 *
 * const options: Retry.PolicyOptions = { times: 5, base: "100 millis", statuses: [503] }
 * const policy = Retry.policy(options)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface PolicyOptions {
  /**
   * Retries after the first attempt.
   * @default 2 — rides out a blip without tripling the load on a server in trouble.
   */
  readonly times?: number | undefined
  /**
   * The first backoff.
   * @default "200 millis" — long enough for a restarted connection pool, short enough to go unnoticed.
   */
  readonly base?: Durations.Input | undefined
  /**
   * Each backoff is the previous one times this.
   * @default 2
   */
  readonly factor?: number | undefined
  /**
   * No single wait is longer than this (Retry-After aside).
   * @default "10 seconds"
   */
  readonly maxDelay?: Durations.Input | undefined
  /**
   * Full jitter: each wait is uniform in [0, backoff], so that many clients
   * that failed together do not retry together.
   * @default true
   */
  readonly jitter?: boolean | undefined
  /**
   * Statuses worth retrying: timeouts, too-early, rate limits and transient
   * server or gateway errors.
   * @default [408, 425, 429, 500, 502, 503, 504]
   */
  readonly statuses?: ReadonlyArray<number> | undefined
  /**
   * Methods safe to send twice (RFC 9110 idempotent methods). Others are
   * retried only with an `Idempotency-Key` header, or when the connection
   * was refused (nothing reached the server).
   * @default ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]
   */
  readonly methods?: ReadonlyArray<string> | undefined
  /**
   * Honour `Retry-After`: wait at least what it asks, and fail at once with
   * the `StatusError` when it asks for more than `max`. `false` ignores it.
   * @default { max: "60 seconds" }
   */
  readonly retryAfter?: { readonly max?: Durations.Input | undefined } | false | undefined
  /**
   * Error tags retried whatever their details.
   * @default ["ConnectionError", "TimeoutError"]
   */
  readonly errors?: ReadonlyArray<HttpError.HttpError["_tag"]> | undefined
  /**
   * Retry any other error this predicate accepts.
   * @default none
   */
  readonly while?: ((error: HttpError.HttpError) => boolean) | undefined
}

/**
 * A resolved retry policy: its decision tables are built once, when the
 * policy is made, not on every request.
 *
 * @example
 * ```ts
 * import { Retry } from "effect-requests"
 *
 * const policy: Retry.Policy = Retry.policy({ times: 3 })
 * console.log(policy.times) // 3
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Policy {
  readonly _tag: "RetryPolicy"
  readonly times: number
  readonly base: Duration.Duration
  readonly factor: number
  readonly maxDelay: Duration.Duration
  readonly jitter: boolean
  readonly statuses: ReadonlySet<number>
  readonly methods: ReadonlySet<string>
  /** The longest Retry-After honoured; undefined when Retry-After is ignored. */
  readonly retryAfterMax: Duration.Duration | undefined
  readonly errors: ReadonlySet<string>
  readonly while: ((error: HttpError.HttpError) => boolean) | undefined
}

/**
 * What the `retry` option takes: a policy, or any `Schedule` over our
 * errors. A schedule has full control: it sees every error of an attempt
 * and is not limited to idempotent methods. Only a one-shot stream body is
 * never sent twice, whatever the schedule says.
 *
 * @example
 * ```ts
 * import { Schedule } from "effect"
 * import { Http, Retry } from "effect-requests"
 *
 * const retry: Retry.Retry = Schedule.recurs(1)
 * const program = Http.get("http://127.0.0.1:8080/get", { retry })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Retry = Policy | Schedule.Schedule<unknown, HttpError.HttpError>

const defaultStatuses = [408, 425, 429, 500, 502, 503, 504]
const defaultMethods = ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]
const defaultErrors: ReadonlyArray<HttpError.HttpError["_tag"]> = ["ConnectionError", "TimeoutError"]

/**
 * Makes a retry policy; every option has a default.
 *
 * @example
 * ```ts
 * import { Http, Retry } from "effect-requests"
 *
 * const api = Http.make({
 *   baseUrl: "http://127.0.0.1:8080/",
 *   retry: Retry.policy({ times: 4, base: "100 millis", maxDelay: "2 seconds" })
 * })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const policy = (options: PolicyOptions = {}): Policy => {
  const retryAfter = options.retryAfter ?? {}
  return {
    _tag: "RetryPolicy",
    times: Math.max(0, Math.floor(options.times ?? 2)),
    base: Durations.decode(options.base ?? "200 millis"),
    factor: options.factor ?? 2,
    maxDelay: Durations.decode(options.maxDelay ?? "10 seconds"),
    jitter: options.jitter ?? true,
    statuses: new Set(options.statuses ?? defaultStatuses),
    methods: new Set((options.methods ?? defaultMethods).map((method) => method.toUpperCase())),
    retryAfterMax: retryAfter === false ? undefined : Durations.decode(retryAfter.max ?? "60 seconds"),
    errors: new Set(options.errors ?? defaultErrors),
    while: options.while
  }
}

/**
 * No retries: one attempt, whatever happens.
 *
 * @example
 * ```ts
 * import { Http, Retry } from "effect-requests"
 *
 * const once = Http.post("http://127.0.0.1:8080/post", { json: {}, retry: Retry.none })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const none: Policy = policy({ times: 0 })

/**
 * Whether a `retry` value is a policy (rather than a `Schedule`).
 *
 * @example
 * ```ts
 * import { Retry } from "effect-requests"
 *
 * Retry.isPolicy(Retry.none) // true
 * ```
 *
 * @since 0.1.0
 * @category refinements
 */
export const isPolicy = (u: unknown): u is Policy => Predicate.hasProperty(u, "_tag") && u._tag === "RetryPolicy"

/**
 * The backoff before retry number `retry` (1 for the first), before jitter
 * and Retry-After: `base * factor^(retry - 1)`, capped at `maxDelay`. Jitter
 * picks the actual wait uniformly in [0, this].
 *
 * @example
 * ```ts
 * import { Duration } from "effect"
 * import { Retry } from "effect-requests"
 *
 * Duration.toMillis(Retry.backoff(Retry.policy(), 3)) // 800
 * ```
 *
 * @since 0.1.0
 * @category utils
 */
export const backoff = (self: Policy, retry: number): Duration.Duration => {
  const millis = Duration.toMillis(self.base) * Math.pow(self.factor, Math.max(0, retry - 1))
  return Duration.min(Duration.millis(Number.isFinite(millis) ? millis : Number.MAX_SAFE_INTEGER), self.maxDelay)
}
