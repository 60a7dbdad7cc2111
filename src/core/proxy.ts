/**
 * The `proxy` session option: where the proxy is, and which hosts bypass it.
 * NO_PROXY entries are compared with the request's host after both are
 * normalised as IP addresses where they are ones, so `127.1`, `0x7f.0.0.1`
 * or `[::ffff:127.0.0.1]` cannot slip past an entry for `127.0.0.1` (axios
 * GHSA-m7pr-hjqh-92cm, GHSA-pmwg-cvhr-8vh7).
 *
 * @internal
 */
import * as Checked from "./checked.js"

/** The `proxy` option as a session takes it (`ProxyOptions` in the public types). @internal */
export type Input = string | URL | {
  readonly url: string | URL
  readonly noProxy?: string | ReadonlyArray<string> | undefined
  readonly tunnel?: "always" | "https-only" | undefined
}

/** A parsed `proxy` option. @internal */
export interface Route {
  /** The proxy's URL, credentials included (they go in CONNECT only). */
  readonly url: URL
  readonly bypass: ReadonlyArray<Entry>
  /** Whether http:// requests go in a CONNECT tunnel too, or in forward mode. */
  readonly tunnel: "always" | "https-only"
}

type Entry =
  | { readonly _tag: "All" }
  | { readonly _tag: "Loopback"; readonly port: string | undefined }
  | { readonly _tag: "Network"; readonly bytes: Uint8Array; readonly prefix: number; readonly port: string | undefined }
  | { readonly _tag: "Domain"; readonly name: string; readonly port: string | undefined }

/** 16 bytes of an IPv6 address, or an IPv4 one mapped into IPv6. */
const ipBytes = (host: string): Uint8Array | undefined => {
  // A bracketed host (a URL's, an entry's before its port) always ends with "]".
  const bare = host.startsWith("[") ? host.slice(1, -1) : host
  if (bare.includes(":")) return ipv6Bytes(bare)
  // The WHATWG host parser turns every IPv4 spelling (127.1, 0x7f.1, 2130706433) into dotted quads.
  const url = `http://${bare}/`
  if (!URL.canParse(url)) return undefined
  const normal = new URL(url).hostname
  // Stryker disable next-line Regex: a WHATWG host that ends in a number is an IPv4 address or no host at all
  const quads = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(normal)
  if (quads === null) return undefined
  return Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...quads.slice(1).map(Number)])
}

const ipv6Bytes = (address: string): Uint8Array | undefined => {
  const url = `http://[${address}]/`
  if (!URL.canParse(url)) return undefined
  // WHATWG serialises the address canonically: hex groups, at most one "::".
  const [head, tail] = new URL(url).hostname.slice(1, -1).split("::") as [string, string | undefined]
  // Stryker disable next-line ConditionalExpression,LogicalOperator,StringLiteral,ArrayDeclaration: an empty group (beside a leading or trailing "::") reads as 0 either way
  const groups = (part: string | undefined) => part === undefined || part === "" ? [] : part.split(":")
  const left = groups(head)
  const right = groups(tail)
  // Without "::" there are 8 groups already, and nothing to fill.
  // Stryker disable next-line StringLiteral: "" reads as 0 too
  const all = [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right]
  const bytes = new Uint8Array(16)
  all.forEach((group, i) => {
    const value = parseInt(group, 16)
    bytes[i * 2] = value >> 8
    bytes[i * 2 + 1] = value & 0xff
  })
  return bytes
}

const inNetwork = (address: Uint8Array, network: Uint8Array, prefix: number): boolean => {
  // Stryker disable next-line EqualityOperator: a turn at bit == prefix masks 0 bits
  for (let bit = 0; bit < prefix; bit += 8) {
    const bits = Math.min(8, prefix - bit)
    const mask = (0xff << (8 - bits)) & 0xff
    if ((address[bit / 8]! & mask) !== (network[bit / 8]! & mask)) return false
  }
  return true
}

const LOOPBACK_V4 = ipBytes("127.0.0.0")!
const LOOPBACK_V6 = ipBytes("[::1]")!

const isLoopbackHost = (host: string): boolean => {
  const name = host.toLowerCase()
  if (name === "localhost" || name.endsWith(".localhost")) return true
  const bytes = ipBytes(name)
  return bytes !== undefined && (inNetwork(bytes, LOOPBACK_V4, 104) || inNetwork(bytes, LOOPBACK_V6, 128))
}

/** Splits `host:port`, `[v6]:port`, a bare v6 address, or a CIDR. */
const splitPort = (entry: string): [string, string | undefined] => {
  if (entry.startsWith("[")) {
    const end = entry.indexOf("]")
    // Stryker disable next-line Regex: text after "]" other than ":port" is a port no URL has either way
    const port = entry.slice(end + 1).replace(/^:/, "")
    return [entry.slice(0, end + 1), port === "" ? undefined : port]
  }
  const colons = entry.split(":").length - 1
  if (colons === 1) {
    const [host, port] = entry.split(":") as [string, string]
    return [host, port]
  }
  return [entry, undefined]
}

const parseEntry = (raw: string): Entry | undefined => {
  const entry = raw.trim().toLowerCase()
  if (entry === "") return undefined
  if (entry === "*") return { _tag: "All" }
  const slash = entry.indexOf("/")
  if (slash !== -1) {
    const bytes = ipBytes(entry.slice(0, slash))
    const bits = Number(entry.slice(slash + 1))
    // Written without a colon, an address is IPv4 (or none at all, refused below).
    const v4 = !entry.includes(":")
    // Checked before an IPv4 prefix moves into the mapped range: "/-1" is no prefix, not 95 bits.
    if (bytes === undefined || !Number.isInteger(bits) || bits < 0 || bits > (v4 ? 32 : 128)) return undefined
    return { _tag: "Network", bytes, prefix: v4 ? 96 + bits : bits, port: undefined }
  }
  const [host, port] = splitPort(entry)
  // Naming the local machine in any spelling excludes all of it: 127.0.0.2 and
  // [::1] are the same host as localhost, and must not go out through a proxy.
  if (isLoopbackHost(host)) return { _tag: "Loopback", port }
  const bytes = ipBytes(host)
  if (bytes !== undefined) return { _tag: "Network", bytes, prefix: 128, port }
  return { _tag: "Domain", name: host.replace(/^\*?\./, ""), port }
}

const effectivePort = (url: URL): string => url.port !== "" ? url.port : url.protocol === "https:" ? "443" : "80"

const matches = (entry: Entry, url: URL): boolean => {
  if (entry._tag === "All") return true
  if (entry.port !== undefined && entry.port !== effectivePort(url)) return false
  const host = url.hostname.toLowerCase()
  switch (entry._tag) {
    case "Loopback":
      return isLoopbackHost(host)
    case "Network": {
      const bytes = ipBytes(host)
      return bytes !== undefined && inNetwork(bytes, entry.bytes, entry.prefix)
    }
    case "Domain":
      return host === entry.name || host.endsWith(`.${entry.name}`)
  }
}

/** Whether a request to this URL goes direct rather than through the proxy. @internal */
export const bypasses = (route: Route, url: URL): boolean => route.bypass.some((entry) => matches(entry, url))

/** The route a `proxy` option describes, or what is wrong with it. @internal */
export const parse = (input: Input): Checked.Checked<Route> => {
  const given = typeof input === "string" || input instanceof URL ? { url: input } : input
  let url: URL
  try {
    url = new URL(String(given.url))
  } catch {
    return Checked.refused("proxy is not a valid URL")
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return Checked.refused(`proxy scheme "${url.protocol}" is not supported (only http: and https:)`)
  }
  const list = given.noProxy === undefined ? [] : typeof given.noProxy === "string" ? given.noProxy.split(/[,\s]/) : given.noProxy
  const bypass: Array<Entry> = []
  for (const raw of list) {
    const entry = parseEntry(raw)
    if (entry !== undefined) bypass.push(entry)
  }
  const tunnel = given.tunnel ?? "always"
  if (tunnel !== "always" && tunnel !== "https-only") {
    return Checked.refused(`proxy tunnel "${String(tunnel)}" is not one of "always", "https-only"`)
  }
  return Checked.ok({ url, bypass, tunnel })
}

/**
 * Where a session's requests go: a proxy per scheme, each with the hosts
 * that go direct. A `proxy` option serves both schemes; the environment
 * may name one for each.
 *
 * @internal
 */
export interface Routes {
  readonly http: Route | undefined
  readonly https: Route | undefined
}

/** The same route for both schemes: what a `proxy` option describes. @internal */
export const both = (route: Route): Routes => ({ http: route, https: route })

/** The proxy a request to `url` goes through, or undefined when it goes direct. @internal */
export const routeFor = (routes: Routes, url: URL): Route | undefined => {
  const route = url.protocol === "https:" ? routes.https : routes.http
  return route === undefined || bypasses(route, url) ? undefined : route
}

/**
 * `proxy: "env"`: the routes `http_proxy`/`HTTP_PROXY`, `https_proxy`/
 * `HTTPS_PROXY` and `no_proxy`/`NO_PROXY` describe (the lower-case name
 * first, as curl reads them; an empty value is none), or undefined when
 * neither scheme has a proxy. Under CGI (`REQUEST_METHOD` set), a client's
 * `Proxy:` header arrives as `HTTP_PROXY` (httpoxy, CVE-2016-5385), so
 * only `http_proxy` is read there, as Go and curl do. http:// requests go
 * in forward mode, as curl sends them, since proxies commonly allow
 * CONNECT to port 443 only.
 *
 * @internal
 */
export const fromEnv = (env: Readonly<Record<string, string | undefined>>): Checked.Checked<Routes> | undefined => {
  const first = (...names: ReadonlyArray<string>) => {
    for (const name of names) {
      const value = env[name]?.trim()
      if (value !== undefined && value !== "") return [name, value] as const
    }
    return undefined
  }
  const http = first("http_proxy") ?? (env["REQUEST_METHOD"] === undefined ? first("HTTP_PROXY") : undefined)
  const https = first("https_proxy", "HTTPS_PROXY")
  if (http === undefined && https === undefined) return undefined
  const noProxy = first("no_proxy", "NO_PROXY")?.[1]
  const routes: { http?: Route; https?: Route } = {}
  for (const [scheme, given] of [["http", http], ["https", https]] as const) {
    if (given === undefined) continue
    const parsed = parse({ url: given[1], noProxy, tunnel: "https-only" })
    // The reason names the variable, never its value: a proxy URL may hold credentials.
    if (parsed._tag === "Refused") return Checked.refused(`${given[0]}: ${parsed.reason}`)
    routes[scheme] = parsed.value
  }
  return Checked.ok({ http: routes.http, https: routes.https })
}
