/**
 * What every error of `HttpError` is built on: the type id, the message
 * (`Tag: detail (METHOD url)`, with the attempts), redaction of the URL,
 * and a `toJSON` of the declared fields. Public through `HttpError` (its
 * classes extend these), so nothing here is marked internal.
 */
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import { describeCause, redactUrl } from "../core/redact.js"

/** The mark every error of this library carries. */
export const TypeId: unique symbol = Symbol.for("effect-requests/HttpError")

/** Where an error happened; printed at the end of every message. */
export interface Target {
  readonly method?: string | undefined
  readonly url?: string | undefined
  /** How many attempts were made, when retries made more than one. */
  readonly attempts?: number | undefined
}


export abstract class Base extends Data.Error<Target> {
  readonly [TypeId]: typeof TypeId = TypeId
  abstract readonly _tag: string
  /** The middle of the message, between the tag and `(METHOD url)`. */
  protected abstract get detail(): string

  constructor(args: Target) {
    super(args.url === undefined ? args : { ...args, url: redactUrl(args.url) })
  }

  override get message(): string {
    const where = [this.method, this.url].filter((part) => part !== undefined && part !== "").join(" ")
    const tries = this.attempts !== undefined && this.attempts > 1 ? ` after ${this.attempts} attempts` : ""
    return `${this._tag}: ${this.detail}${where === "" ? "" : ` (${where})`}${tries}`
  }

  override toString(): string {
    return this.message
  }

  /** Only the declared fields, already redacted; a `cause` prints as name, code and message. */
  override toJSON(): unknown {
    const out: Record<string, unknown> = { _tag: this._tag, message: this.message }
    for (const key of Object.keys(this)) {
      const value = (this as any)[key]
      if (key === "cause") continue
      if (Duration.isDuration(value)) out[key] = Duration.format(value)
      else if (value !== undefined) out[key] = value
    }
    // Error keeps `cause` as a non-enumerable own property.
    const cause = describeCause((this as { cause?: unknown }).cause)
    if (cause !== undefined) out.cause = cause
    return out
  }
}
;(Base.prototype as any).name = "HttpError"

/**
 * The class of the error tagged `tag`, whose fields are its type argument:
 * declared once, there. `prepare` redacts what the constructor is given.
 */
export const Tagged = <Tag extends string>(tag: Tag) =>
<Fields extends Target>(prepare: (args: Fields) => Fields = (args) => args) => {
  abstract class TaggedError extends Base {
    readonly _tag: Tag = tag
    constructor(args: Fields) {
      super(prepare(args))
    }
  }
  return TaggedError as unknown as abstract new(args: Fields) => Base & Readonly<Fields> & { readonly _tag: Tag }
}

/** The fields of a `StatusError` whose parsed error body is an `A`. */
export interface StatusFields<A> {
  readonly method: string
  readonly url: string
  readonly status: number
  readonly statusText: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  readonly retryAfter: Duration.Duration | undefined
  readonly data?: A | undefined
}
