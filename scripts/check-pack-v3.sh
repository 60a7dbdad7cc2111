#!/usr/bin/env bash
# Installs the package as a user gets it (the `npm pack` tarball) into an
# empty project beside effect@3, @effect/platform@0.97 and @effect/experimental, typechecks a
# strict program against the shipped .d.ts (skipLibCheck off) and runs it.
# Then bundles a MockHttp test program for the browser (esbuild, browser
# conditions): it must resolve without any Node module, and it runs.
set -euo pipefail

source "$(dirname "$0")/pack-project.sh"
pack_project pack-check
npm install --silent --no-audit --no-fund "./$tarball" "effect@^3.22" "@effect/platform@^0.97" "@effect/experimental@^0.61" "typescript@^5" "@types/node@^20" >/dev/null

cat > program.ts <<'TS'
import { Effect, Layer, Schema } from "effect"
import { Auth, Http, HttpError } from "effect-requests"
import { NodeHttp } from "effect-requests/node"
import { MockHttp, TestServer } from "effect-requests/testing"

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
append_subpath_check effect-requests

run_program

# The browser build of the test kit.
check_browser_bundle effect-requests "browser bundle check"
