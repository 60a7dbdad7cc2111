/**
 * All-pairs: a set of rows in which every pair of values of any two
 * factors appears together at least once (where a constraint allows the
 * pair at all), far fewer rows than the full product. Greedy and
 * deterministic: the same factors give the same rows, in the same order.
 */

export interface Factor {
  readonly name: string
  readonly values: ReadonlyArray<string>
}

/** A row: one value per factor, by name. */
export type Row = Readonly<Record<string, string>>

/** Whether a (partial) row may exist at all. */
export type Allowed = (row: Row) => boolean

const key = (i: number, a: string, j: number, b: string) => `${i}=${a}\u0000${j}=${b}`

export const allPairs = (factors: ReadonlyArray<Factor>, allowed: Allowed = () => true): Array<Row> => {
  const uncovered = new Set<string>()
  for (let i = 0; i < factors.length; i++) {
    for (let j = i + 1; j < factors.length; j++) {
      for (const a of factors[i]!.values) {
        for (const b of factors[j]!.values) {
          if (allowed({ [factors[i]!.name]: a, [factors[j]!.name]: b })) uncovered.add(key(i, a, j, b))
        }
      }
    }
  }
  const covers = (row: Record<string, string>, index: number, value: string): number => {
    let count = 0
    for (let other = 0; other < factors.length; other++) {
      const assigned = row[factors[other]!.name]
      if (other === index || assigned === undefined) continue
      const pair = other < index ? key(other, assigned, index, value) : key(index, value, other, assigned)
      if (uncovered.has(pair)) count++
    }
    return count
  }
  const rows: Array<Row> = []
  // Each round seeds a row with the first uncovered pair, then fills every
  // other factor with the value that covers the most pairs still uncovered.
  while (uncovered.size > 0) {
    const [seed] = uncovered
    const [left, right] = seed!.split("\u0000").map((part) => part.split("=")) as [[string, string], [string, string]]
    const row: Record<string, string> = {
      [factors[Number(left[0])]!.name]: left[1],
      [factors[Number(right[0])]!.name]: right[1]
    }
    factors.forEach((factor, index) => {
      if (row[factor.name] !== undefined) return
      let best: string | undefined
      let bestCount = -1
      for (const value of factor.values) {
        if (!allowed({ ...row, [factor.name]: value })) continue
        const count = covers(row, index, value)
        if (count > bestCount) {
          best = value
          bestCount = count
        }
      }
      if (best === undefined) throw new Error(`no allowed value of ${factor.name} for ${JSON.stringify(row)}`)
      row[factor.name] = best
    })
    for (let i = 0; i < factors.length; i++) {
      for (let j = i + 1; j < factors.length; j++) {
        uncovered.delete(key(i, row[factors[i]!.name]!, j, row[factors[j]!.name]!))
      }
    }
    rows.push(row)
  }
  return rows
}

/** The pairs `rows` leave uncovered (none, for rows from `allPairs`). */
export const missingPairs = (factors: ReadonlyArray<Factor>, rows: ReadonlyArray<Row>, allowed: Allowed = () => true): Array<string> => {
  const missing: Array<string> = []
  for (let i = 0; i < factors.length; i++) {
    for (let j = i + 1; j < factors.length; j++) {
      const fi = factors[i]!
      const fj = factors[j]!
      for (const a of fi.values) {
        for (const b of fj.values) {
          if (!allowed({ [fi.name]: a, [fj.name]: b })) continue
          if (!rows.some((row) => row[fi.name] === a && row[fj.name] === b)) missing.push(`${fi.name}=${a} × ${fj.name}=${b}`)
        }
      }
    }
  }
  return missing
}
