// After the effect 3 build (dist/v3): its package.json, so that the same
// compiled `#line/...` specifier finds the effect 3 line's modules there.
// Node and TypeScript scope `imports` to the nearest package.json; the
// effect 4 build (dist/, the root entries) has one of its own.
import { writeFileSync } from "node:fs"

writeFileSync(new URL("../dist/v3/package.json", import.meta.url), JSON.stringify({
  type: "module",
  sideEffects: false,
  imports: { "#line/*": { types: "./line/v3/*.d.ts", default: "./line/v3/*.js" } }
}, null, 2) + "\n")
