/**
 * The types of `Auth.refreshing`. Public through `Auth` (Auth.ts), so
 * nothing here is marked internal; the middleware that implements them
 * (refreshing.ts) takes them from here, never from the public module.
 */
import type * as Durations from "#line/duration"
import type * as Redacted from "effect/Redacted"

export interface Token {
  readonly token: string | Redacted.Redacted<string>
  /** How long it is good for, from when `getToken` gave it. */
  readonly expiresIn: Durations.Input
}

export interface RefreshingOptions {
  /**
   * Get a new token this long before the one held expires, so that no
   * request goes out with a token about to lapse.
   * @default "30 seconds"
   */
  readonly refreshBefore?: Durations.Input | undefined
  /**
   * The `Authorization` scheme the token is sent with.
   * @default "Bearer"
   */
  readonly scheme?: string | undefined
}
