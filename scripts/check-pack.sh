#!/usr/bin/env bash
# The effect 4 line as a user gets it: into an empty project that has only
# effect@4, install the `npm pack` tarball (no ERESOLVE, and no effect 3
# package comes with it), typecheck a strict program against the shipped
# .d.ts (skipLibCheck off) and run it: a form POSTed to a loopback server
# and its echo decoded with an effect 4 Schema, a 404 caught by its
# StatusError tag, a user decoded from a MockHttp route.
set -euo pipefail

source "$(dirname "$0")/pack-project.sh"
pack_project pack-check-v4
npm install --silent --no-audit --no-fund "effect@^4.1" "typescript@^5" "@types/node@^22" >/dev/null
npm install --silent --no-audit --no-fund "./$tarball" >/dev/null
for stray in @effect/platform @effect/experimental; do
  if [ -e "node_modules/$stray" ]; then echo "the effect 4 install pulled in $stray" >&2; exit 1; fi
done
case "$(node -p 'require("effect/package.json").version')" in 4.*) ;; *) echo "effect 4 was replaced" >&2; exit 1 ;; esac

cat > program.ts <<'TS'
import { Effect, Layer, Schema } from "effect"
import { Http } from "effect-requests/v4"
import { MockHttp, TestServer } from "effect-requests/v4/testing"

const Echo = Schema.Struct({ form: Schema.Struct({ key: Schema.String }) })
const User = Schema.Struct({ id: Schema.Number, login: Schema.String })

const program = Effect.gen(function* () {
  const base = yield* TestServer.url
  const echo = yield* Http.post(`${base}/post`, { form: { key: "value" } }).pipe(Http.decode(Echo))
  const missing = yield* Http.get(`${base}/status/404`).pipe(
    Effect.as(0),
    Effect.catchTag("StatusError", (error) => Effect.succeed(error.status))
  )
  const user = yield* Http.get("https://api.test/users/7").pipe(
    Http.decode(User),
    Effect.provide(MockHttp.layer([MockHttp.get("/users/:id", (req) => MockHttp.json({ id: Number(req.params.id), login: "ada" }))]))
  )
  return `${echo.form.key} ${missing} ${user.id} ${user.login}`
})

const out = await Effect.runPromise(program.pipe(Effect.provide(Layer.merge(TestServer.layer, Http.layer))))
if (out !== "value 404 7 ada") throw new Error(`unexpected: ${out}`)
console.log(`effect 4 pack check: ${out}`)
TS
append_subpath_check effect-requests/v4

run_program

# The browser build of the effect 4 test kit.
check_browser_bundle effect-requests/v4 "effect 4 browser bundle check"
