/**
 * Status codes: reason phrases (the transport does not always give one:
 * HTTP/2 has none) and the redirect statuses we follow.
 *
 * @internal
 */

// Stryker disable StringLiteral: reason phrases are words a person reads, not a rule a mutant could bend (a test pins a few).
const reasons: Record<number, string> = {
  100: "Continue", 101: "Switching Protocols", 103: "Early Hints",
  200: "OK", 201: "Created", 202: "Accepted", 203: "Non-Authoritative Information", 204: "No Content",
  205: "Reset Content", 206: "Partial Content", 207: "Multi-Status",
  300: "Multiple Choices", 301: "Moved Permanently", 302: "Found", 303: "See Other", 304: "Not Modified",
  307: "Temporary Redirect", 308: "Permanent Redirect",
  400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 403: "Forbidden", 404: "Not Found",
  405: "Method Not Allowed", 406: "Not Acceptable", 407: "Proxy Authentication Required", 408: "Request Timeout",
  409: "Conflict", 410: "Gone", 411: "Length Required", 412: "Precondition Failed", 413: "Content Too Large",
  414: "URI Too Long", 415: "Unsupported Media Type", 416: "Range Not Satisfiable", 417: "Expectation Failed",
  418: "I'm a Teapot", 421: "Misdirected Request", 422: "Unprocessable Content", 423: "Locked",
  424: "Failed Dependency", 425: "Too Early", 426: "Upgrade Required", 428: "Precondition Required",
  429: "Too Many Requests", 431: "Request Header Fields Too Large", 451: "Unavailable For Legal Reasons",
  500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable",
  504: "Gateway Timeout", 505: "HTTP Version Not Supported", 507: "Insufficient Storage",
  508: "Loop Detected", 511: "Network Authentication Required"
}
// Stryker restore StringLiteral

/** @internal */
export const statusText = (status: number): string => reasons[status] ?? ""

/** @internal */
export const isFollowedRedirect = (status: number): boolean =>
  status === 301 || status === 302 || status === 303 || status === 307 || status === 308

/**
 * Whether a response has no body, whatever its headers say: the null-body
 * statuses of the Fetch standard (101, 103, 204, 205, 304) and any answer
 * to HEAD. A runtime's `Response` refuses a body for these statuses, so
 * every place that builds or reads one asks here.
 *
 * @internal
 */
export const hasNullBody = (status: number, method: string): boolean =>
  status === 204 || status === 304 || status === 205 || status === 101 || status === 103 || method === "HEAD"

/** @internal */
export const isSuccess = (status: number): boolean => status >= 200 && status < 300
