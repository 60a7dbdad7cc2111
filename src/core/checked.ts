/**
 * A value, or why there is none: what the shared rules return. Neither
 * effect 3's `Either` nor effect 4's `Result`, so that both lines' layers
 * can read it.
 *
 * @internal
 */
export type Checked<A, E = string> =
  | { readonly _tag: "Ok"; readonly value: A }
  | { readonly _tag: "Refused"; readonly reason: E }

/** @internal */
export const ok = <A>(value: A): Checked<A, never> => ({ _tag: "Ok", value })

/** @internal */
export const refused = <E = string>(reason: E): Checked<never, E> => ({ _tag: "Refused", reason })

/** @internal */
export const map = <A, B, E>(checked: Checked<A, E>, f: (a: A) => B): Checked<B, E> =>
  checked._tag === "Ok" ? ok(f(checked.value)) : checked

/** @internal */
export const flatMap = <A, B, E>(checked: Checked<A, E>, f: (a: A) => Checked<B, E>): Checked<B, E> =>
  checked._tag === "Ok" ? f(checked.value) : checked

/** The value, or undefined when refused. @internal */
// Stryker disable next-line ConditionalExpression: a Refused has no `value` field, so reading it gives undefined too; the branch is for the type
export const value = <A, E>(checked: Checked<A, E>): A | undefined => checked._tag === "Ok" ? checked.value : undefined
