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

// A quoted token (its escapes kept for now), a comment, or a bare token.
const token = /"((?:[^"\\]|\\.)*)"?|(#)[^\n]*|\S+/g
// What ends a macro's body: an empty line.
const emptyLine = /\n[ \t]*\r?\n/g

/** The file's tokens, comments and a `macdef`'s body (up to an empty line) left out. */
function* tokens(text: string): Generator<string> {
  token.lastIndex = 0
  for (let match = token.exec(text); match !== null; match = token.exec(text)) {
    if (match[2] !== undefined) continue
    if (match[0] === "macdef") {
      emptyLine.lastIndex = token.lastIndex
      token.lastIndex = emptyLine.exec(text) === null ? text.length : emptyLine.lastIndex
      continue
    }
    yield match[1] === undefined ? match[0] : match[1].replace(/\\(.)/g, "$1")
  }
}

/** @internal */
export const parse = (text: string): Netrc => {
  const machines = new Map<string, Credentials>()
  let fallback: Credentials | undefined
  let entry: { readonly name: string | undefined; login: string | undefined; password: string | undefined } | undefined
  // The keyword whose value is the next token.
  let pending: string | undefined
  const close = () => {
    if (entry === undefined) return
    const credentials = { login: entry.login, password: entry.password }
    if (entry.name === undefined) fallback ??= credentials
    else if (!machines.has(entry.name)) machines.set(entry.name, credentials)
  }
  for (const word of tokens(text)) {
    if (pending === "machine") entry = { name: word.toLowerCase(), login: undefined, password: undefined }
    else if (pending === "login" && entry !== undefined) entry.login = word
    else if (pending === "password" && entry !== undefined) entry.password = word
    if (pending !== undefined) {
      pending = undefined
      continue
    }
    if (word === "machine" || word === "default") {
      close()
      entry = word === "default" ? { name: undefined, login: undefined, password: undefined } : undefined
    }
    // "default" takes no value; anything else (login, password, account, a stray word) takes the next token.
    if (word !== "default") pending = word
  }
  close()
  return { machines, fallback }
}

/** The credentials for `host`: its machine's, else the default's. @internal */
export const lookup = (netrc: Netrc, host: string): Credentials | undefined =>
  netrc.machines.get(host.toLowerCase()) ?? netrc.fallback
