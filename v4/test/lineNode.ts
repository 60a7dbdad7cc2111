/**
 * What the shared tests that run on Node only write differently on effect 4
 * (see test/line/v3node.ts).
 */
import { Effect, Schema } from "effect"
import * as HttpApi from "effect/http-api/HttpApi"
import * as HttpApiClient from "effect/http-api/HttpApiClient"
import * as HttpApiEndpoint from "effect/http-api/HttpApiEndpoint"
import * as HttpApiGroup from "effect/http-api/HttpApiGroup"
import * as HttpApiSchema from "effect/http-api/HttpApiSchema"
import * as HttpClient from "effect/http/HttpClient"
import * as GitHubClient from "./fixtures/github/client.v4.js"

/** The Node file system as a layer (`@effect/platform-node` of this line). */
export { layer as nodeFileSystem } from "@effect/platform-node/NodeFileSystem"

// An HttpApi of one endpoint, GET /users/:name, and its HttpApiClient (see test/line/v3.ts).
class UserNotFound extends Schema.TaggedError<UserNotFound>()("UserNotFound", { message: Schema.String }) {}

const UsersApi = HttpApi.make("users").add(
  HttpApiGroup.make("users").add(
    HttpApiEndpoint.get("get", "/users/:name", {
      params: { name: Schema.String },
      success: Schema.Struct({ login: Schema.String }),
      error: UserNotFound.pipe(HttpApiSchema.status(404))
    })
  )
)

/** The user `name` through an HttpApiClient of the test's HttpApi, over the context's HttpClient. */
export const apiClientUser = (name: string) => Effect.flatMap(HttpApiClient.make(UsersApi), (client) => client.users.get({ params: { name } }))

// The GitHub client @effect/openapi-generator generated (fixtures/github), as the shared tests call it.

/** The generated GitHub client over the context's HttpClient: a user, and the tag its 404 fails with. */
export const gitHub = {
  user: (name: string) => Effect.flatMap(HttpClient.HttpClient, (client) => GitHubClient.make(client).usersGetByUsername(name, undefined)),
  notFoundTag: "UsersGetByUsername404"
} as const
