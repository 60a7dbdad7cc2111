#!/usr/bin/env bash
# The effect 3 entries (effect-requests/v3) as a new user gets them: in an
# empty project, the README's effect 3 install lines (the packed tarball for
# effect-requests, the registry's newest effect 3, @effect/platform 0.97 and
# their test runner) give a clean tree with effect 3. A strict program for a
# Node service (no DOM lib) typechecks with TypeScript 5.9 and 7 and runs:
# an API client as a service through Http.client, against TestServer; a
# rate limit without @effect/experimental installed says which package it
# needs, and works once it is. An @effect/vitest test swaps MockHttp in
# under TestClock. The root (effect 4) entry imported here fails at once,
# naming the entry to use. A browser bundle of the test kit has no Node
# module.
set -euo pipefail

source "$(dirname "$0")/pack-project.sh"
pack_project pack-check-v3
readme_install "effect 3"
readme_install "effect 3 tests"
npm install --silent --no-audit --no-fund -D "@types/node@^24" >/dev/null
expect_tree 3
if [ -e node_modules/@effect/experimental ]; then echo "the effect 3 install pulled in @effect/experimental" >&2; exit 1; fi

cat > program.ts <<'TS'
import { Context, Effect, Layer, Schema } from "effect"
import { Auth, Http } from "effect-requests/v3"
import { MockHttp, TestServer } from "effect-requests/v3/testing"

// An API client as a service: it takes the HttpClient once (Http.client).
class Api extends Context.Tag("Api")<Api, Http.Session<never>>() {}
const ApiLive = Layer.effect(Api, Effect.flatMap(TestServer.url, (base) => Http.client({ baseUrl: `${base}/`, auth: Auth.bearer("t0k") })))

const Echo = Schema.Struct({
  form: Schema.Record({ key: Schema.String, value: Schema.String }),
  headers: Schema.Record({ key: Schema.String, value: Schema.String })
})

const program = Effect.gen(function* () {
  const api = yield* Api
  const echo = yield* api.post("post", { form: { key: "value" } }).pipe(Http.decode(Echo))
  const missing = yield* api.get("status/404").pipe(
    Effect.as(0),
    Effect.catchTag("StatusError", (error) => Effect.succeed(error.status))
  )
  // @effect/experimental is loaded where a rate limit first needs it.
  const limited = yield* Http.make({ rateLimit: { limit: 10, interval: "1 second" } }).get("https://api.test/").pipe(
    Effect.provide(MockHttp.layer([MockHttp.get("/", MockHttp.text("ok"))])),
    Effect.flatMap((res) => res.text),
    Effect.catchTag("InvalidRequest", (error) => Effect.succeed(error.reason))
  )
  return `${echo.form.key} ${echo.headers.Authorization} ${missing} | ${limited}`
})

const out = await Effect.runPromise(program.pipe(
  Effect.provide(ApiLive.pipe(Layer.provideMerge(Layer.merge(TestServer.layer, Http.layer))))
))
const expected = process.env.EXPECT_RATE_LIMIT === "ok" ? "ok" : "rateLimit needs @effect/experimental"
if (!out.startsWith("value Bearer t0k 404 | ") || !out.includes(expected)) throw new Error(`unexpected: ${out}`)
console.log(`effect 3 program: ${out}`)
TS
append_subpath_check effect-requests/v3
typecheck_and_run
# The rate limit once the optional peer is there, as the README says.
npm install --silent --no-audit --no-fund "@effect/experimental@0.61" >/dev/null
expect_tree 3
EXPECT_RATE_LIMIT=ok node out/program.js

cat > api.test.ts <<'TS'
import { expect, it } from "@effect/vitest"
import { Effect, Fiber, Schema, TestClock } from "effect"
import { Http } from "effect-requests/v3"
import { MockHttp } from "effect-requests/v3/testing"

const User = Schema.Struct({ login: Schema.String })

it.effect("a 503 is retried after its backoff, in virtual time", () =>
  Effect.gen(function* () {
    const fiber = yield* Effect.fork(Http.get("https://api.test/users/ada").pipe(Http.decode(User)))
    yield* TestClock.adjust("1 minute")
    expect(yield* Fiber.join(fiber)).toEqual({ login: "ada" })
    expect((yield* MockHttp.calls).length).toBe(2)
  }).pipe(Effect.provide(MockHttp.layer([
    MockHttp.get("/users/:name", MockHttp.sequence([MockHttp.status(503), MockHttp.json({ login: "ada" })]))
  ]))))
TS
run_vitest

# The effect 4 (root) entry beside effect 3: one line that says what to do.
cat > wrong.mjs <<'JS'
try {
  await import("effect-requests")
  console.error("effect-requests (effect 4) loaded beside effect 3")
  process.exit(1)
} catch (error) {
  console.log(String(error.message))
}
JS
message=$(node wrong.mjs)
echo "effect-requests on effect 3: $message"
case "$message" in *'import "effect-requests/v3"'*) ;; *) echo "the wrong pairing did not say what to import" >&2; exit 1 ;; esac

# What the editor shows: the effect 3 declarations' examples import the effect 3 entries.
if grep -rn 'from "effect-requests[/"]' node_modules/effect-requests/dist/v3 --include=*.d.ts | grep -v 'effect-requests/v3' >&2; then
  echo "an example in the effect 3 declarations imports an effect 4 entry" >&2; exit 1
fi
echo "the effect 3 declarations' examples import effect-requests/v3"

npm install --silent --no-audit --no-fund -D esbuild >/dev/null
check_browser_bundle effect-requests/v3 "effect 3 browser bundle check"
