# Sourced by check-pack.sh (effect 4) and check-pack-v3.sh (effect 3): the
# library packed as a user gets it (the `npm pack` tarball) beside an empty
# project in a temporary directory, installed with the README's own install
# lines, and the steps each check is made of.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# pack_project NAME: packs the library into $work, makes the project NAME
# there (a strict tsconfig for a Node service: no DOM lib, skipLibCheck
# off) and enters it.
pack_project() {
  tarball=$(cd "$root" && npm pack --silent --pack-destination "$work" | tail -n 1)
  cd "$work"
  mkdir "$1"
  cd "$1"
  printf '{ "name": "%s", "private": true, "type": "module" }\n' "$1" > package.json
  cat > tsconfig.json <<'JSON'
{
  "compilerOptions": {
    "target": "ES2022",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "lib": ["ES2022"],
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

# readme_install LABEL: runs the README's install line whose comment is
# "# LABEL", as a user would, with the packed tarball in place of
# `effect-requests` (it is not on the registry yet), against the registry's
# newest versions. The README line is the claim; this is its check.
readme_install() {
  local line
  line=$(grep -E "^npm install .*# $1\$" "$root/README.md" | head -n 1 | sed -E 's/[[:space:]]+#.*$//')
  if [ -z "$line" ]; then echo "README.md has no install line marked \"# $1\"" >&2; exit 1; fi
  echo "README: $line"
  # shellcheck disable=SC2086 -- the line is split into words as a shell would
  set -- ${line/effect-requests/"../$tarball"}
  "$@" --no-audit --no-fund --silent
}

# expect_tree MAJOR: npm ls is clean (no invalid, missing or extraneous
# package) and effect is of the MAJOR asked for.
expect_tree() {
  npm ls --all >/dev/null || { npm ls --all | grep -E "invalid|missing|UNMET|ERR" >&2; echo "npm ls is not clean" >&2; exit 1; }
  local version
  version=$(node -p 'require("effect/package.json").version')
  case "$version" in "$1".*) echo "effect $version" ;; *) echo "expected effect $1, installed $version" >&2; exit 1 ;; esac
}

# typecheck_both: program.ts against the shipped .d.ts with TypeScript 5.9
# and with TypeScript 7 (the registry's newest), then runs it.
typecheck_and_run() {
  npx --yes -p typescript@5.9 tsc -p tsconfig.json
  echo "TypeScript 5.9: program.ts typechecks"
  rm -rf out
  npx --yes -p typescript@7 tsc -p tsconfig.json
  echo "TypeScript 7: program.ts typechecks"
  node out/program.js
}

# append_subpath_check ENTRY: adds to program.ts a check that the module
# subpaths of ENTRY ("effect-requests" or "effect-requests/v3") are the very
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

# run_vitest: the project's own test files, as its developer runs them.
run_vitest() {
  npx vitest run --reporter=dot
}

# check_browser_bundle ENTRY LABEL: a program using the core and MockHttp of
# the entry ENTRY ("effect-requests" or "effect-requests/v3"), bundled as a
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
