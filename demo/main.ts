/**
 * The tour in one program. With no argument it runs against the embedded
 * loopback httpbin (no network); `npm run demo -- <url>` GETs a real URL.
 */
import * as os from "node:os"
import * as path from "node:path"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import { Console, Effect, Layer, Schema } from "effect"
import { Http, HttpError } from "effect-requests"
import { TestServer } from "effect-requests/testing"

const show = (value: unknown) => JSON.stringify(value, null, 2)

const Echo = Schema.Struct({
  url: Schema.String,
  headers: Schema.Record({ key: Schema.String, value: Schema.String })
})
const FormEcho = Schema.Struct({ form: Schema.Record({ key: Schema.String, value: Schema.String }) })

const tour = Effect.gen(function* () {
  const base = yield* TestServer.url
  yield* Console.log(`Embedded httpbin at ${base}\n`)

  yield* Console.log(`1. GET ${base}/get`)
  const res = yield* Http.get(`${base}/get`, { params: { hello: "world" } })
  yield* Console.log(`status ${res.status} ${res.statusText}`)
  yield* Console.log(show(yield* res.json))

  yield* Console.log(`\n2. POST ${base}/post  form { key: "value" }`)
  const echo = yield* Http.post(`${base}/post`, { form: { key: "value" } })
  yield* Console.log(`status ${echo.status} ${echo.statusText}`)
  const body = yield* echo.decode(FormEcho)
  yield* Console.log(show(yield* echo.json))
  yield* Console.log(`echoed form -> key: ${body.form.key}`)

  yield* Console.log(`\n3. GET ${base}/get, decoded with a Schema`)
  const typed = yield* Http.get(`${base}/get`).pipe(Http.decode(Echo))
  yield* Console.log(`url: ${typed.url}`)
  yield* Console.log(`user agent: ${typed.headers["User-Agent"]}`)

  yield* Console.log(`\n4. GET ${base}/status/404, handled with Http.catchStatus`)
  const found = yield* Http.get(`${base}/status/404`).pipe(
    Effect.as("found"),
    Http.catchStatus(404, (error) => Effect.succeed(`not found, as typed: ${error.message}`))
  )
  yield* Console.log(found)

  const file = path.join(os.tmpdir(), "effect-requests-demo.bin")
  yield* Console.log(`\n5. Http.download ${base}/stream-bytes/8388608 -> ${file}`)
  let shown = -1
  const done = yield* Http.download(`${base}/stream-bytes/8388608`, file, {
    onProgress: (p) => {
      const percent = Math.floor(p.percent ?? 0)
      if (percent === shown || percent % 5 !== 0) return Effect.void
      shown = percent
      const bar = "#".repeat(percent / 5).padEnd(20, ".")
      return Effect.sync(() => process.stdout.write(`\r[${bar}] ${String(percent).padStart(3)}%`))
    }
  })
  yield* Console.log(`\nwrote ${done.bytes} bytes`)
})

const fetchOne = (url: string) =>
  Effect.gen(function* () {
    yield* Console.log(`GET ${url}`)
    const res = yield* Http.get(url, { validateStatus: () => true })
    yield* Console.log(`status ${res.status} ${res.statusText}  (final URL ${res.url})`)
    for (const [name, value] of res.headers) yield* Console.log(`  ${name}: ${value}`)
    const text = yield* res.text
    yield* Console.log(text.length > 2000 ? `${text.slice(0, 2000)}\n… (${text.length} characters)` : text)
  })

const url = process.argv[2]
const program = url === undefined
  ? tour.pipe(Effect.provide(Layer.mergeAll(TestServer.layer, Http.layer, NodeFileSystem.layer)))
  : fetchOne(url).pipe(Effect.provide(Http.layer))

program.pipe(
  Effect.catchIf(HttpError.isHttpError, (error) => Console.error(`\nfailed: ${error.message}`).pipe(Effect.zipRight(Effect.sync(() => {
    process.exitCode = 1
  })))),
  Effect.runPromise
)
