/**
 * Every property runs with this seed in `npm test`, so a failure is the same
 * failure on every machine; `PROPERTY_SEED` and `PROPERTY_RUNS` explore further.
 */
export const fixed = {
  fastCheck: {
    seed: Number(process.env.PROPERTY_SEED ?? 20261130),
    numRuns: Number(process.env.PROPERTY_RUNS ?? 300)
  }
} as const
