/**
 * The environment of the runtime, where it has one (Node, Bun, Deno's
 * compatibility); none in a browser. What `proxy: "env"` and `Auth.netrc`
 * read.
 *
 * @internal
 */

/** @internal */
export const environment = (): Readonly<Record<string, string | undefined>> =>
  (globalThis as { readonly process?: { readonly env?: Record<string, string | undefined> } }).process?.env ?? {}
