#!/usr/bin/env bash
# The root entries (effect 4) as a new user gets them: in an empty project,
# the README's effect 4 install lines (the packed tarball for
# effect-requests, the registry's newest for the rest) give a clean tree
# with effect 4 and nothing of effect 3. A strict program for a Node
# service (no DOM lib) typechecks with TypeScript 5.9 and 7 and runs: an API
# client as a service through Http.client, against TestServer. An
# @effect/vitest test swaps MockHttp in under TestClock. The effect 3 entry
# imported here fails at once, naming the entry to use. A browser bundle of
# the test kit has no Node module.
set -euo pipefail

source "$(dirname "$0")/pack-project.sh"
pack_project pack-check
readme_install "effect 4"
readme_install "effect 4 tests"
npm install --silent --no-audit --no-fund -D "@types/node@^24" esbuild >/dev/null
expect_tree 4
for stray in @effect/platform @effect/experimental; do
  if [ -e "node_modules/$stray" ]; then echo "the effect 4 install pulled in $stray" >&2; exit 1; fi
done

cat > program.ts <<'TS'
import { Context, Effect, Layer, Schema } from "effect"
import { Auth, Http } from "effect-requests"
import { MockHttp, TestServer } from "effect-requests/testing"

// An API client as a service: it takes the HttpClient once (Http.client).
class Api extends Context.Service<Api, Http.Session<never>>()("Api") {}
const ApiLive = Layer.effect(Api, Effect.flatMap(TestServer.url, (base) => Http.client({ baseUrl: `${base}/`, auth: Auth.bearer("t0k") })))

const Echo = Schema.Struct({ form: Schema.Record(Schema.String, Schema.String), headers: Schema.Record(Schema.String, Schema.String) })

const program = Effect.gen(function* () {
  const api = yield* Api
  const echo = yield* api.post("post", { form: { key: "value" } }).pipe(Http.decode(Echo))
  const missing = yield* api.get("status/404").pipe(
    Effect.as(0),
    Effect.catchTag("StatusError", (error) => Effect.succeed(error.status))
  )
  return `${echo.form.key} ${echo.headers.Authorization} ${missing}`
})

const out = await Effect.runPromise(program.pipe(
  Effect.provide(ApiLive.pipe(Layer.provideMerge(Layer.merge(TestServer.layer, Http.layer))))
))
if (out !== "value Bearer t0k 404") throw new Error(`unexpected: ${out}`)
console.log(`effect 4 program: ${out}`)
TS
append_subpath_check effect-requests
typecheck_and_run

cat > api.test.ts <<'TS'
import { expect, it } from "@effect/vitest"
import { Effect, Fiber, Schema } from "effect"
import { Http } from "effect-requests"
import { MockHttp } from "effect-requests/testing"

const User = Schema.Struct({ login: Schema.String })

it.effect("a 503 is retried after its backoff, in virtual time", () =>
  Effect.gen(function* () {
    const fiber = yield* Effect.forkChild(Http.get("https://api.test/users/ada").pipe(Http.decode(User)))
    yield* MockHttp.adjust("1 minute")
    expect(yield* Fiber.join(fiber)).toEqual({ login: "ada" })
    expect((yield* MockHttp.calls).length).toBe(2)
  }).pipe(Effect.provide(MockHttp.layer([
    MockHttp.get("/users/:name", MockHttp.sequence([MockHttp.status(503), MockHttp.json({ login: "ada" })]))
  ]))))
TS
run_vitest

# The effect 3 entry beside effect 4: one line that says what to do.
cat > wrong.mjs <<'JS'
try {
  await import("effect-requests/v3")
  console.error("effect-requests/v3 loaded beside effect 4")
  process.exit(1)
} catch (error) {
  console.log(String(error.message))
}
JS
message=$(node wrong.mjs)
echo "effect-requests/v3 on effect 4: $message"
case "$message" in *'import "effect-requests"'*) ;; *) echo "the wrong pairing did not say what to import" >&2; exit 1 ;; esac

# What the editor shows: the effect 4 declarations' examples are effect 4's alone.
if grep -rln 'effect-requests/v3\|```ts effect3' node_modules/effect-requests/dist --include=*.d.ts --exclude-dir=v3 >&2; then
  echo "an effect 3 example is in the effect 4 declarations" >&2; exit 1
fi
echo "the effect 4 declarations' examples are effect 4's"

check_browser_bundle effect-requests "effect 4 browser bundle check"
