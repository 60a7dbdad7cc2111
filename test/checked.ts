/** Reading the shared rules' `Checked` results in tests. */
import type { Checked } from "../src/core/checked.js"

/** The value, or a throw with the reason it was refused. */
export const okValue = <A>(checked: Checked<A>): A => {
  if (checked._tag === "Refused") throw new Error(`refused: ${checked.reason}`)
  return checked.value
}

export const isRefused = <A>(checked: Checked<A>): boolean => checked._tag === "Refused"
