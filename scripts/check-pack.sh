#!/usr/bin/env bash
# Installs the package as a user gets it (the `npm pack` tarball) into an
# empty project beside effect@3, @effect/platform@0.97 and @effect/experimental, typechecks a
# strict program against the shipped .d.ts (skipLibCheck off) and runs it.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$root"
tarball=$(npm pack --silent --pack-destination "$work" | tail -n 1)

cd "$work"
cat > package.json <<'JSON'
{ "name": "pack-check", "private": true, "type": "module" }
JSON
npm install --silent --no-audit --no-fund "./$tarball" "effect@^3.22" "@effect/platform@^0.97" "@effect/experimental@^0.61" "typescript@^5" "@types/node@^20" >/dev/null

cat > tsconfig.json <<'JSON'
{
  "compilerOptions": {
    "target": "ES2022",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "strict": true,
    "exactOptionalPropertyTypes": true,
    "skipLibCheck": false,
    "types": ["node"],
    "outDir": "out"
  },
  "files": ["program.ts"]
}
JSON

cat > program.ts <<'TS'
import { Effect, Layer, Schema } from "effect"
import { Auth, Http, HttpError } from "effect-requests"
import { NodeHttp } from "effect-requests/node"
import { TestServer } from "effect-requests/testing"

const Echo = Schema.Struct({ form: Schema.Struct({ key: Schema.String }) })

const program = Effect.gen(function* () {
  const base = yield* TestServer.url
  const res = yield* Http.get(`${base}/get`)
  const echo = yield* Http.post(`${base}/post`, { form: { key: "value" } }).pipe(Http.decode(Echo))
  const session = Http.make({ baseUrl: `${base}/`, auth: Auth.bearer("t") })
  const missing = yield* session.get("status/404").pipe(
    Effect.as(0),
    Http.catchStatus(404, (e: HttpError.StatusError) => Effect.succeed(e.status))
  )
  const overNode = yield* Http.get(`${base}/get`).pipe(Effect.provide(NodeHttp.layer))
  return `${res.status} ${echo.form.key} ${missing} ${overNode.status}`
})

const out = await Effect.runPromise(program.pipe(Effect.provide(Layer.merge(TestServer.layer, Http.layer))))
if (out !== "200 value 404 200") throw new Error(`unexpected: ${out}`)
console.log(`pack check: ${out}`)
TS

npx tsc -p tsconfig.json
node out/program.js
