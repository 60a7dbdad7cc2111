/**
 * Metrics as effect 4 updates them (see src/line/v3/metric.ts): a metric
 * tagged with its attributes, updated in the default registry.
 *
 * Not part of the public API; not marked internal all the same, since
 * marking the header would strip the import it precedes from the
 * declarations that ship.
 */
import * as Context from "effect/Context"
import * as Metric from "effect/Metric"

/** A metric, and how to record one value under given labels without an Effect step. */
export interface Family<M> {
  readonly metric: M
  readonly labelled: (labels: Readonly<Record<string, string>>) => (value: number) => void
}

const none = Context.empty()

const family = <M extends Metric.Metric<number, unknown>>(metric: M): Family<M> => ({
  metric,
  labelled: (labels) => {
    const tagged = Metric.withAttributes(metric, labels)
    return (value) => tagged.updateUnsafe(value, none)
  }
})

/** A counter that only goes up. */
export const counter = (name: string, description: string): Family<Metric.Counter<number>> =>
  family(Metric.counter(name, { description, incremental: true }))

/** A gauge: the last value set. */
export const gauge = (name: string, description: string): Family<Metric.Gauge<number>> => family(Metric.gauge(name, { description }))

/** A histogram with exponential buckets. */
export const histogram = (
  name: string,
  description: string,
  buckets: { readonly start: number; readonly factor: number; readonly count: number }
): Family<Metric.Histogram<number>> => family(Metric.histogram(name, { description, boundaries: Metric.exponentialBoundaries(buckets) }))
