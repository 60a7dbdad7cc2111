/**
 * `effect-requests/testing` as a browser bundler resolves it (the
 * `browser` export condition): MockHttp alone, with no Node module behind
 * it. TestServer and Cassette need `node:http` and `node:fs`, so they exist
 * only in the Node build of this entry.
 *
 * @since 0.1.0
 */

/**
 * A mock transport with routes, faults and a record of calls.
 *
 * @since 0.1.0
 */
export * as MockHttp from "./MockHttp.js"
