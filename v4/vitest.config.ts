import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

// The shared tests, run on effect 4: every import of effect and
// @effect/vitest resolves to this workspace's own copies.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^effect$/, replacement: here("./node_modules/effect/dist/index.js") },
      { find: /^effect\/(.*)$/, replacement: here("./node_modules/effect/dist/$1.js") },
      { find: /^@effect\/vitest$/, replacement: here("./node_modules/@effect/vitest/dist/index.js") },
      { find: /^#line\/(.*)$/, replacement: here("./src/line/$1.ts") }
    ]
  },
  test: {
    root: here(".."),
    // What already runs on both lines; each module the effect 4 line gains brings its tests here.
    include: ["test/core/**/*.test.ts"],
    testTimeout: 30_000
  }
})
