/**
 * @since 0.1.0
 */

/**
 * A loopback httpbin for tests and demos.
 *
 * @since 0.1.0
 */
export * as TestServer from "./TestServer.js"

/**
 * A mock transport with routes, faults and a record of calls.
 *
 * @since 0.1.0
 */
export * as MockHttp from "./MockHttp.js"

/**
 * Record real traffic once, replay it after.
 *
 * @since 0.1.0
 */
export * as Cassette from "./Cassette.js"
