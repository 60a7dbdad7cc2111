/**
 * A GitHub-style API client: one session with the API's base URL, auth and
 * headers; responses decoded with Schema; a listing that needs the token on
 * every page, paged by its `Link` header through the session; the API's
 * error body typed onto the error.
 *
 *   npx tsx examples/api-client.ts
 */
import { Console, Effect, Schema, Stream } from "effect"
import { Auth, Http } from "effect-requests"
import { runExample } from "./run.js"

const Page = Schema.Struct({ page: Schema.Number, items: Schema.Array(Schema.Number) })
const Problem = Schema.Struct({ title: Schema.String, status: Schema.Number })

const token = process.env.API_TOKEN ?? "example-token"

const makeApi = (base: string) => {
  const http = Http.make({
    baseUrl: `${base}/`,
    auth: Auth.bearer(token),
    headers: { accept: "application/json" },
    timeout: "10 seconds"
  })
  return {
    /** Every item of the listing, page after page, as one stream. */
    // Every page goes through the session (its token, timeout and retries);
    // a next link outside its baseUrl would be refused, not sent the token.
    allItems: http.paginate("pages", { params: { total: 9, per_page: 4, require_bearer: token } }).pipe(
      Stream.mapEffect((response) => response.decode(Page)),
      Stream.flatMap((page) => Stream.fromIterable(page.items))
    ),
    /** A request that fails, with the API's problem document on `error.data`. */
    missing: http.get("problem/404").pipe(Http.errorBody(Problem))
  }
}

runExample((base) =>
  Effect.gen(function* () {
    const api = makeApi(base)
    const items = yield* Stream.runCollect(api.allItems)
    yield* Console.log(`items across pages: ${[...items].join(", ")}`)
    if (items.length !== 9) return yield* Effect.fail(new Error(`expected 9 items, got ${items.length}`))
    const outcome = yield* api.missing.pipe(
      Effect.map(() => "unexpectedly found"),
      Effect.catchTag("StatusError", (error) => Effect.succeed(`${error.status}: ${JSON.stringify(error.data)}`))
    )
    yield* Console.log(`missing resource -> ${outcome}`)
  })
)
