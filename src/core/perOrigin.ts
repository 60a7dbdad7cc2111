/**
 * Session state kept per origin (retry budgets, circuit breakers,
 * concurrency semaphores), made on first use.
 *
 * @internal
 */
export const perOrigin = <T>(make: (origin: string) => T): (origin: string) => T => {
  const byOrigin = new Map<string, T>()
  return (origin) => {
    let found = byOrigin.get(origin)
    if (found === undefined) {
      found = make(origin)
      byOrigin.set(origin, found)
    }
    return found
  }
}
