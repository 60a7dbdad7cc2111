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

# run_browser_bundle: bundles browser.ts as a browser bundler would
# (platform browser: a node:* import fails the build) and runs it.
run_browser_bundle() {
  "$root/node_modules/.bin/esbuild" browser.ts --bundle --platform=browser --format=esm --log-level=warning --outfile=out/browser.js
  node out/browser.js
}
