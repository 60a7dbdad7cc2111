/**
 * Standard base64 (with padding) for bytes kept in a shared cache store:
 * what effect 3's Encoding wrote, so entries stay readable across the two
 * Effect lines and library versions.
 *
 * @internal
 */

/** @internal */
export const encodeBase64 = (bytes: Uint8Array): string => {
  let binary = ""
  // In slices: String.fromCharCode with a whole body's bytes overflows the stack.
  // Stryker disable next-line EqualityOperator: one more turn adds an empty slice
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  }
  return btoa(binary)
}

/** The bytes, or undefined for text that is not base64. @internal */
export const decodeBase64 = (text: string): Uint8Array | undefined => {
  let binary: string
  try {
    binary = atob(text)
  } catch {
    return undefined
  }
  return Uint8Array.from(binary, (char) => char.charCodeAt(0))
}
