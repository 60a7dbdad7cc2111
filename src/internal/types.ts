/**
 * Where internal modules take the library's public types from (never from
 * a public module, which would make the two import each other): the
 * options, the response and session, and the streaming types.
 */
export type * from "./types/options.js"
export type * from "./types/response.js"
export type * from "./types/session.js"
export type * from "./types/streaming.js"
