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
