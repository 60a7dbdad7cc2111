/**
 * Matching a request to a route: method, origin (for a route given as a
 * full URL), path with `:name` segments, and required query and headers.
 * When nothing matches, the nearest routes say what the test expected.
 *
 * @internal
 */
import { type Call, type MockRequest, reply, type Route } from "./model.js"

/** A route's path pattern, split once. @internal */
export interface Compiled<R> {
  readonly route: Route<R>
  readonly origin: string | undefined
  readonly segments: ReadonlyArray<string>
  readonly pattern: string
}

const split = (path: string): Array<string> => path.split("/").filter((segment) => segment !== "")

/** @internal */
export const compile = <R>(route: Route<R>): Compiled<R> => {
  if (/^https?:\/\//i.test(route.path)) {
    const url = new URL(route.path)
    return { route, origin: url.origin, segments: split(url.pathname), pattern: url.pathname }
  }
  return { route, origin: undefined, segments: split(route.path), pattern: route.path }
}

const decode = (segment: string): string => {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/** The `:name` parameters if the route's path matches, else undefined. @internal */
export const matchPath = (compiled: Compiled<unknown>, url: URL): Record<string, string> | undefined => {
  if (compiled.origin !== undefined && compiled.origin !== url.origin) return undefined
  if (compiled.pattern === "*") return {}
  const actual = split(url.pathname)
  if (actual.length !== compiled.segments.length) return undefined
  const params: Record<string, string> = {}
  for (let i = 0; i < actual.length; i++) {
    const expected = compiled.segments[i]!
    if (expected.startsWith(":")) params[expected.slice(1)] = decode(actual[i]!)
    else if (expected !== actual[i]) return undefined
  }
  return params
}

/** Whether the required query parameters and headers are there. @internal */
export const matchExtras = (route: Route<unknown>, request: MockRequest): boolean => {
  const match = route.options.match
  if (match === undefined) return true
  for (const [key, value] of Object.entries(match.query ?? {})) {
    const actual = request.query[key]
    if (Array.isArray(actual) ? !actual.includes(value) : actual !== value) return false
  }
  for (const [name, value] of Object.entries(match.headers ?? {})) {
    if (request.headers[name.toLowerCase()] !== value) return false
  }
  return true
}

const distance = (a: string, b: string): number => {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1))
      diagonal = above
    }
  }
  return row[b.length]!
}

/** @internal */
export const describeRoute = (route: Route<unknown>): string => {
  const match = route.options.match
  const extras = [
    ...Object.entries(match?.query ?? {}).map(([k, v]) => `query ${k}=${v}`),
    ...Object.entries(match?.headers ?? {}).map(([k, v]) => `header ${k}: ${v}`)
  ]
  const method = route.method === "*" ? "ANY" : route.method
  return `${method} ${route.path}${extras.length === 0 ? "" : ` (${extras.join(", ")})`}`
}

/**
 * The message of an unmatched request: the request, and the three nearest
 * routes, by method first, then by how close the path is.
 *
 * @internal
 */
export const unmatched = (routes: ReadonlyArray<Compiled<unknown>>, method: string, url: URL): string => {
  const nearest = routes
    .map((compiled) => ({
      compiled,
      methodMiss: compiled.route.method === "*" || compiled.route.method === method ? 0 : 1,
      pathMiss: distance(compiled.pattern, url.pathname)
    }))
    .sort((a, b) => a.methodMiss - b.methodMiss || a.pathMiss - b.pathMiss)
    .slice(0, 3)
    .map(({ compiled }) => `  ${describeRoute(compiled.route)}`)
  return [
    `MockHttp: no route matches ${method} ${url.href}`,
    nearest.length === 0 ? "no routes are defined" : `nearest routes:\n${nearest.join("\n")}`
  ].join("\n")
}

/**
 * What is wrong with the calls for `method path` (`times` of them, or at
 * least one), in words that list every call; undefined when they are right.
 */
export const expectation = (all: ReadonlyArray<Call>, method: string, path: string, times: number | undefined): string | undefined => {
  const pattern = compile({ method, path, handler: reply(200, {}, undefined), options: {} }) as Compiled<unknown>
  const count = all.filter((call) => call.method === method && matchPath(pattern, new URL(call.url)) !== undefined).length
  if (times === undefined ? count > 0 : count === times) return undefined
  const expected = times === undefined ? "at least once" : `${times} time${times === 1 ? "" : "s"}`
  const seen = all.length === 0 ? "  (no calls)" : all.map((call) => `  ${call.method} ${call.url}`).join("\n")
  return `expected ${method} ${path} to be called ${expected}, but it was called ${count} time${count === 1 ? "" : "s"}; calls:\n${seen}`
}
