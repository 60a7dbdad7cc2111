/**
 * The package version, sent in the default `User-Agent`. A test keeps it
 * equal to package.json's, since the core may not read files.
 *
 * @internal
 */
export const version = "0.1.0"
