/**
 * The library's Effect `Metric`s, updated synchronously so that counting a request costs no
 * Effect step, and bound to their labels once per value rather than per
 * request.
 *
 * @internal
 */
import * as Metric from "#line/metric"

/** @internal */
export const requests = Metric.counter("http_client_requests_total", "Requests sent over the wire (each retry and redirect hop counts), by method and status class")

/** @internal */
export const duration = Metric.histogram(
  "http_client_request_duration_ms",
  "Time from sending a request to its response headers, in milliseconds, by method",
  { start: 1, factor: 2, count: 16 }
)

/** @internal */
export const retries = Metric.counter("http_client_retries_total", "Retries granted by the retry policy or schedule, by method")

/** @internal */
export const bytesSent = Metric.counter("http_client_request_body_bytes_total", "Request body bytes of known length sent, by method")

/** @internal */
export const bytesReceived = Metric.counter("http_client_response_body_bytes_total", "Response body bytes read (after decompression), by method")

/** @internal */
export const circuitState = Metric.gauge("http_client_circuit_state", "Circuit breaker state per origin: 0 closed, 1 half-open, 2 open")

const memo = <A>(make: (key: string) => A): (key: string) => A => {
  const cache = new Map<string, A>()
  return (key) => {
    let found = cache.get(key)
    if (found === undefined) {
      found = make(key)
      // Methods and origins are few; a hostile stream of them is bounded here.
      if (cache.size < 1000) cache.set(key, found)
    }
    return found
  }
}

const sendsBy = memo((key: string) => {
  const [method, outcome] = key.split(" ") as [string, string]
  return requests.labelled({ method, status_class: outcome })
})
const durationBy = memo((method: string) => duration.labelled({ method }))
const retriesBy = memo((method: string) => retries.labelled({ method }))
const bytesSentBy = memo((method: string) => bytesSent.labelled({ method }))
const bytesReceivedBy = memo((method: string) => bytesReceived.labelled({ method }))
const circuitBy = memo((origin: string) => circuitState.labelled({ origin }))

/** "2xx" and so on, or "error" for a request that got no response. @internal */
export const statusClass = (status: number | undefined): string =>
  status === undefined ? "error" : `${Math.floor(status / 100)}xx`

/** @internal */
export const recordSend = (method: string, status: number | undefined, millis: number): void => {
  sendsBy(`${method} ${statusClass(status)}`)(1)
  durationBy(method)(millis)
}

/** @internal */
export const recordRetry = (method: string): void => retriesBy(method)(1)

/** @internal */
export const recordBytesSent = (method: string, bytes: number): void => {
  if (bytes > 0) bytesSentBy(method)(bytes)
}

/** @internal */
export const recordBytesReceived = (method: string, bytes: number): void => {
  if (bytes > 0) bytesReceivedBy(method)(bytes)
}

/** @internal */
export const recordCircuit = (origin: string, state: "closed" | "half-open" | "open"): void =>
  circuitBy(origin)(state === "closed" ? 0 : state === "half-open" ? 1 : 2)
