import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

export default defineConfig({
  resolve: {
    alias: [
      { find: "effect-requests/testing", replacement: fileURLToPath(new URL("./src/testing.ts", import.meta.url)) },
      { find: "effect-requests/node", replacement: fileURLToPath(new URL("./src/node.ts", import.meta.url)) },
      { find: /^effect-requests$/, replacement: fileURLToPath(new URL("./src/index.ts", import.meta.url)) },
      // What differs between the Effect lines, from source (package.json `imports` points at dist/).
      { find: /^#line\/(.*)$/, replacement: fileURLToPath(new URL("./src/line/v3/$1.ts", import.meta.url)) },
      // What the shared tests write differently on the two lines.
      { find: /^#testline$/, replacement: fileURLToPath(new URL("./test/line/v3.ts", import.meta.url)) },
      // The same for tests that run on Node only (#testline is bundled for browsers, Bun and Deno too).
      { find: /^#testnode$/, replacement: fileURLToPath(new URL("./test/line/v3node.ts", import.meta.url)) }
    ]
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000
  }
})
