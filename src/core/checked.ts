/**
 * A value, or why there is none: what the shared rules return. Neither
 * effect 3's `Either` nor effect 4's `Result`, so that both lines' layers
 * can read it.
 *
 * @internal
 */
export type Checked<A> =
  | { readonly _tag: "Ok"; readonly value: A }
  | { readonly _tag: "Refused"; readonly reason: string }

/** @internal */
export const ok = <A>(value: A): Checked<A> => ({ _tag: "Ok", value })

/** @internal */
export const refused = (reason: string): Checked<never> => ({ _tag: "Refused", reason })

/** @internal */
export const map = <A, B>(checked: Checked<A>, f: (a: A) => B): Checked<B> =>
  checked._tag === "Ok" ? ok(f(checked.value)) : checked

/** @internal */
export const flatMap = <A, B>(checked: Checked<A>, f: (a: A) => Checked<B>): Checked<B> =>
  checked._tag === "Ok" ? f(checked.value) : checked

/** The value, or undefined when refused. @internal */
export const value = <A>(checked: Checked<A>): A | undefined => checked._tag === "Ok" ? checked.value : undefined
