/**
 * @since 0.1.0
 */

/**
 * The undici-based Node transport.
 *
 * @since 0.1.0
 */
export * as NodeHttp from "./NodeHttp.js"
