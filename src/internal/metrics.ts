/**
 * The library's Effect `Metric`s, updated with their synchronous
 * `unsafeUpdate` so that counting a request costs no Effect step, and with
 * label arrays built once per value rather than per request.
 *
 * @internal
 */
import * as Metric from "effect/Metric"
import * as MetricBoundaries from "effect/MetricBoundaries"
import * as MetricLabel from "effect/MetricLabel"

/** @internal */
export const requests = Metric.counter("http_client_requests_total", {
  description: "Requests sent over the wire (each retry and redirect hop counts), by method and status class",
  incremental: true
})

/** @internal */
export const duration = Metric.histogram(
  "http_client_request_duration_ms",
  MetricBoundaries.exponential({ start: 1, factor: 2, count: 16 }),
  "Time from sending a request to its response headers, in milliseconds, by method"
)

/** @internal */
export const retries = Metric.counter("http_client_retries_total", {
  description: "Retries granted by the retry policy or schedule, by method",
  incremental: true
})

/** @internal */
export const bytesSent = Metric.counter("http_client_request_body_bytes_total", {
  description: "Request body bytes of known length sent, by method",
  incremental: true
})

/** @internal */
export const bytesReceived = Metric.counter("http_client_response_body_bytes_total", {
  description: "Response body bytes read (after decompression), by method",
  incremental: true
})

/** @internal */
export const circuitState = Metric.gauge("http_client_circuit_state", {
  description: "Circuit breaker state per origin: 0 closed, 1 half-open, 2 open"
})

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

const methodLabels = memo((method: string) => [MetricLabel.make("method", method)])
const outcomeLabels = memo((key: string) => {
  const [method, outcome] = key.split(" ") as [string, string]
  return [MetricLabel.make("method", method), MetricLabel.make("status_class", outcome)]
})
const originLabels = memo((origin: string) => [MetricLabel.make("origin", origin)])

/** "2xx" and so on, or "error" for a request that got no response. @internal */
export const statusClass = (status: number | undefined): string =>
  status === undefined ? "error" : `${Math.floor(status / 100)}xx`

/** @internal */
export const recordSend = (method: string, status: number | undefined, millis: number): void => {
  requests.unsafeUpdate(1, outcomeLabels(`${method} ${statusClass(status)}`))
  duration.unsafeUpdate(millis, methodLabels(method))
}

/** @internal */
export const recordRetry = (method: string): void => retries.unsafeUpdate(1, methodLabels(method))

/** @internal */
export const recordBytesSent = (method: string, bytes: number): void => {
  if (bytes > 0) bytesSent.unsafeUpdate(bytes, methodLabels(method))
}

/** @internal */
export const recordBytesReceived = (method: string, bytes: number): void => {
  if (bytes > 0) bytesReceived.unsafeUpdate(bytes, methodLabels(method))
}

/** @internal */
export const recordCircuit = (origin: string, state: "closed" | "half-open" | "open"): void =>
  circuitState.unsafeUpdate(state === "closed" ? 0 : state === "half-open" ? 1 : 2, originLabels(origin))
