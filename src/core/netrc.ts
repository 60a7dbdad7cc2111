/**
 * The `.netrc` format (as curl and Python's netrc read it): `machine`,
 * `default`, `login`, `password`, `account` and `macdef` tokens, separated
 * by any whitespace, a token in double quotes taking spaces and `\"`, and
 * `#` comments to the end of their line.
 *
 * @internal
 */

/** One machine's credentials. @internal */
export interface Credentials {
  readonly login: string | undefined
  readonly password: string | undefined
}

/** The entries of a file: by machine name (lower case), the first of each kept, and the default. @internal */
export interface Netrc {
  readonly machines: ReadonlyMap<string, Credentials>
  readonly fallback: Credentials | undefined
}

/** The file's tokens, a `macdef`'s body (up to an empty line) left out. */
const tokens = (text: string): Array<string> => {
  const out: Array<string> = []
  let at = 0
  while (at < text.length) {
    const rest = text.slice(at)
    const space = /^\s+/.exec(rest)
    if (space !== null) {
      at += space[0].length
      continue
    }
    let token: string
    if (rest.startsWith("\"")) {
      const quoted = /^"((?:[^"\\]|\\.)*)"?/.exec(rest)!
      token = quoted[1]!.replace(/\\(.)/g, "$1")
      at += quoted[0].length
    } else {
      token = /^\S+/.exec(rest)![0]
      at += token.length
      // A comment runs to the end of its line.
      if (token.startsWith("#")) {
        const end = text.indexOf("\n", at)
        at = end === -1 ? text.length : end
        continue
      }
    }
    if (token !== "macdef") {
      out.push(token)
      continue
    }
    // A macro: its name, then its lines up to the first empty one.
    const end = /\n[ \t]*\r?\n/.exec(text.slice(at))
    at = end === null ? text.length : at + end.index + end[0].length
  }
  return out
}

/** @internal */
export const parse = (text: string): Netrc => {
  const machines = new Map<string, Credentials>()
  let fallback: Credentials | undefined
  const list = tokens(text)
  let i = 0
  while (i < list.length) {
    const keyword = list[i++]
    if (keyword !== "machine" && keyword !== "default") continue
    const name = keyword === "machine" ? list[i++]?.toLowerCase() : undefined
    let login: string | undefined
    let password: string | undefined
    while (i < list.length && list[i] !== "machine" && list[i] !== "default") {
      const field = list[i++]
      const value = list[i++]
      if (field === "login") login = value
      else if (field === "password") password = value
    }
    const entry = { login, password }
    if (keyword === "default") fallback ??= entry
    else if (name !== undefined && !machines.has(name)) machines.set(name, entry)
  }
  return { machines, fallback }
}

/** The credentials for `host`: its machine's, else the default's. @internal */
export const lookup = (netrc: Netrc, host: string): Credentials | undefined =>
  netrc.machines.get(host.toLowerCase()) ?? netrc.fallback
