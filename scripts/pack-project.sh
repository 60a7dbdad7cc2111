# Sourced by check-pack.sh and check-pack-v4.sh: the library packed as a
# user gets it (the `npm pack` tarball, in $tarball) beside an empty
# project in a temporary directory, with a strict tsconfig (skipLibCheck
# off), and the two steps each check ends with.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# pack_project NAME: packs the library into $work, makes the project NAME there and enters it.
pack_project() {
  tarball=$(cd "$root" && npm pack --silent --pack-destination "$work" | tail -n 1)
  cd "$work"
  printf '{ "name": "%s", "private": true, "type": "module" }\n' "$1" > package.json
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
}

# append_subpath_check ENTRY: adds to program.ts a check that the module
# subpaths of ENTRY ("effect-requests" or "effect-requests/v4") are the very
# modules its index re-exports (a second copy would make two StatusError
# classes), and that a GET through the subpath works (program.ts imports
# Effect and MockHttp).
append_subpath_check() {
  cat >> program.ts <<TS

import { Auth as AuthIndex, Http as HttpIndex, HttpError as HttpErrorIndex, Retry as RetryIndex } from "$1"
import * as AuthModule from "$1/Auth"
import * as HttpModule from "$1/Http"
import * as HttpErrorModule from "$1/HttpError"
import * as RetryModule from "$1/Retry"

if (HttpModule.get !== HttpIndex.get || HttpErrorModule.StatusError !== HttpErrorIndex.StatusError || RetryModule.policy !== RetryIndex.policy || AuthModule.bearer !== AuthIndex.bearer) {
  throw new Error("a subpath of $1 is another copy of its module")
}
const viaSubpath = await Effect.runPromise(
  HttpModule.get("https://api.test/ping").pipe(
    Effect.flatMap((res) => res.text),
    Effect.provide(MockHttp.layer([MockHttp.get("/ping", MockHttp.text("pong"))]))
  )
)
if (viaSubpath !== "pong") throw new Error(\`unexpected: \${viaSubpath}\`)
console.log("subpaths of $1: the index's modules")
TS
}

# run_program: typechecks program.ts against the shipped .d.ts and runs it.
run_program() {
  npx tsc -p tsconfig.json
  node out/program.js
}

# check_browser_bundle ENTRY LABEL: a program using the core and MockHttp of
# the entry ENTRY ("effect-requests" or "effect-requests/v4"), bundled as a
# browser bundler would (platform browser: a node:* import fails the build),
# then run; it prints "LABEL: ada".
check_browser_bundle() {
  cat > browser.ts <<TS
import { Effect, Schema } from "effect"
import { Http } from "$1"
import { MockHttp } from "$1/testing"

const User = Schema.Struct({ login: Schema.String })
const program = Http.get("https://api.test/users/ada").pipe(
  Http.decode(User),
  Effect.provide(MockHttp.layer([MockHttp.get("/users/:name", (req) => MockHttp.json({ login: req.params.name }))]))
)
const user = await Effect.runPromise(program)
if (user.login !== "ada") throw new Error("unexpected: " + user.login)
console.log("$2: " + user.login)
TS
  "$root/node_modules/.bin/esbuild" browser.ts --bundle --platform=browser --format=esm --log-level=warning --outfile=out/browser.js
  node out/browser.js
}
