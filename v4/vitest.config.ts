import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

// The shared tests, run on effect 4: every import of effect resolves to this
// workspace's copy, the library's seam to v4/src/line, the tests' own seam
// to v4/test/line.ts, @effect/vitest to its 4.x (with the 0.30 names the
// tests use, v4/test/vitest.ts).
export default defineConfig({
  resolve: {
    alias: [
      { find: /^effect$/, replacement: here("./node_modules/effect/dist/index.js") },
      { find: /^effect\/(.*)$/, replacement: here("./node_modules/effect/dist/$1.js") },
      { find: /^@effect\/vitest$/, replacement: here("./test/vitest.ts") },
      { find: "effect-requests/testing", replacement: here("../src/testing.ts") },
      { find: "effect-requests/node", replacement: here("../src/node.ts") },
      { find: /^effect-requests$/, replacement: here("../src/index.ts") },
      { find: /^#line\/(.*)$/, replacement: here("./src/line/$1.ts") },
      { find: /^#testline$/, replacement: here("./test/line.ts") },
      { find: /^#testnode$/, replacement: here("./test/lineNode.ts") }
    ]
  },
  test: {
    root: here(".."),
    include: ["test/**/*.test.ts"],
    // Still written against effect 3's own APIs (not the library's):
    exclude: [
      "test/browser/**", // bundles the effect 3 build into a page
      "test/runtimes/**", // bundles the effect 3 build for Bun and Deno
      "test/cacheStores.test.ts", // @effect/platform-node's key-value store and Redis layers
      "test/sessionStreams.test.ts", // NodeFileSystem from @effect/platform-node
      "test/fuzz.test.ts", // fast-check through effect 3's FastCheck
      "test/properties/**", // the same
      "test/internal/node/response.test.ts", // counts effect 3 Chunks per pull
      "test/observability.test.ts", // metrics and logs through effect 3 Metric and Logger APIs (spans: test/tracing.test.ts)
      "test/progress.test.ts" // layer.build on a 4.x layer; and see ARCHITECTURE.md on its RSS bound
    ],
    testTimeout: 30_000
  }
})
