import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

export default defineConfig({
  resolve: {
    alias: {
      "effect-requests/testing": fileURLToPath(new URL("./src/testing.ts", import.meta.url)),
      "effect-requests/node": fileURLToPath(new URL("./src/node.ts", import.meta.url)),
      "effect-requests": fileURLToPath(new URL("./src/index.ts", import.meta.url))
    }
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000
  }
})
