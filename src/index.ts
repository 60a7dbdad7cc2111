/**
 * @since 0.1.0
 */

/**
 * Requests as Effects: verbs, sessions, responses and the default transport.
 *
 * @since 0.1.0
 */
export * as Http from "./Http.js"

/**
 * The typed errors of a request.
 *
 * @since 0.1.0
 */
export * as HttpError from "./HttpError.js"

/**
 * Credentials for the `auth` option.
 *
 * @since 0.1.0
 */
export * as Auth from "./Auth.js"

/**
 * Retry policies: which failures are retried, how long to wait, when to stop.
 *
 * @since 0.1.0
 */
export * as Retry from "./Retry.js"

/**
 * Middleware: your own code around every send of a session.
 *
 * @since 0.1.0
 */
export * as Middleware from "./Middleware.js"
