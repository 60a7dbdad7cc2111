/**
 * Metrics as effect 3 updates them: synchronously, with labels as an array
 * (effect 4 tags a metric with attributes instead: `v4/src/line/metric.ts`).
 *
 * Not part of the public API; not marked internal all the same, since
 * marking the header would strip the import it precedes from the
 * declarations that ship.
 */
import * as Metric from "effect/Metric"
import * as MetricBoundaries from "effect/MetricBoundaries"
import * as MetricLabel from "effect/MetricLabel"

/** A metric, and how to record one value under given labels without an Effect step. */
export interface Family<M> {
  readonly metric: M
  readonly labelled: (labels: Readonly<Record<string, string>>) => (value: number) => void
}

const family = <T, S, M extends Metric.Metric<T, number, S>>(metric: M & Metric.Metric<T, number, S>): Family<M> => ({
  metric,
  labelled: (labels) => {
    const tags = Object.entries(labels).map(([key, value]) => MetricLabel.make(key, value))
    return (value) => metric.unsafeUpdate(value, tags)
  }
})

/** A counter that only goes up. */
export const counter = (name: string, description: string): Family<Metric.Metric.Counter<number>> =>
  family(Metric.counter(name, { description, incremental: true }))

/** A gauge: the last value set. */
export const gauge = (name: string, description: string): Family<Metric.Metric.Gauge<number>> => family(Metric.gauge(name, { description }))

/** A histogram with exponential buckets. */
export const histogram = (
  name: string,
  description: string,
  buckets: { readonly start: number; readonly factor: number; readonly count: number }
): Family<Metric.Metric.Histogram<number>> => family(Metric.histogram(name, MetricBoundaries.exponential(buckets), description))
