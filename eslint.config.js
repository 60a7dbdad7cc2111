// @ts-check
import js from "@eslint/js"
import tseslint from "typescript-eslint"

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/", ".examples/", "docs/api/", ".cache-tests/", ".stryker-tmp/", "reports/"] },
  js.configs.recommended,
  {
    // Plain JavaScript here runs on Node (the benchmark's server).
    files: ["**/*.mjs"],
    languageOptions: {
      globals: { Buffer: "readonly", URL: "readonly", console: "readonly", process: "readonly" }
    }
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      // Effect's generic plumbing needs `any` in a few well-fenced places.
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-namespace": "off",
      "@typescript-eslint/no-empty-object-type": "off",
      "no-console": ["error", { allow: ["error"] }]
    }
  },
  {
    // The core runs in browsers, Deno, Bun and workers: no Node modules, and
    // it never reaches into the testing entry.
    files: ["src/**/*.ts"],
    ignores: ["src/testing.ts", "src/testing.browser.ts", "src/TestServer.ts", "src/internal/testing/**", "src/MockHttp.ts", "src/MockHttpResponse.ts", "src/Cassette.ts", "src/node.ts", "src/NodeHttp.ts", "src/internal/node/**"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [
          { group: ["node:*", "undici", "@effect/platform-node", "@effect/platform-node/*"], message: "The core entry must not depend on Node." },
          { group: ["**/testing.js", "**/TestServer.js", "**/internal/testing/**", "**/MockHttp.js", "**/MockHttpResponse.js", "**/Cassette.js", "**/node.js", "**/NodeHttp.js", "**/internal/node/**"], message: "The core never imports the testing or node entries." }
        ]
      }]
    }
  },
  {
    // MockHttp is the browser build of the testing entry: no Node module,
    // and nothing of TestServer or Cassette (which need node:http, node:fs).
    files: ["src/testing.browser.ts", "src/MockHttp.ts", "src/MockHttpResponse.ts", "src/internal/testing/mock/**"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [
          { group: ["node:*", "undici", "@effect/platform-node", "@effect/platform-node/*"], message: "MockHttp runs in browsers: no Node module." },
          { group: ["**/TestServer.js", "**/Cassette.js", "**/internal/testing/server/**", "**/internal/testing/cassette.js", "**/node.js", "**/NodeHttp.js", "**/internal/node/**"], message: "MockHttp never imports the Node-only test kit." }
        ]
      }]
    }
  },
  {
    files: ["demo/**", "scripts/**", "bench/**", "test/soak.test.ts", "test/matrix.test.ts"],
    rules: { "no-console": "off" }
  }
)
