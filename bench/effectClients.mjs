// The Effect side of the benchmark's clients, for either Effect major: the
// caller gives its `Effect` and `ManagedRuntime` modules (clients.ts those of
// effect 3, clientsV4.mjs those of effect 4), so both lines are driven alike.

export const effectClients = ({ Effect, ManagedRuntime }) => {
  // The Effect twin of the promise clients' loops: `concurrency` fibers, each
  // looping until `n` requests are taken.
  const workers = (n, concurrency, one) =>
    Effect.suspend(() => {
      let next = 0
      const worker = Effect.whileLoop({ while: () => next++ < n, body: () => one, step: () => {} })
      return Effect.all(Array.from({ length: Math.min(concurrency, n) }, () => worker), {
        concurrency: "unbounded",
        discard: true
      })
    })
  // A fiber forked per request: what the common Effect.forEach pattern costs on top.
  const forkPerRequest = (n, concurrency, one) =>
    Effect.forEach(Array.from({ length: n }), () => one, { concurrency, discard: true })
  // A client on a runtime built once with `layer`.
  const client = (name, layer, one, drive = workers) => {
    const runtime = ManagedRuntime.make(layer)
    return {
      name,
      run: (url, n, concurrency) => runtime.runPromise(drive(n, concurrency, one(url))),
      close: () => runtime.dispose()
    }
  }
  return { client, workers, forkPerRequest }
}
