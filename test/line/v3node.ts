/**
 * What the shared tests that run on Node only (not bundled for browsers,
 * Bun or Deno as #testline is) write differently on effect 3: the file
 * system, an HttpApi and its client, the generated GitHub client.
 */
import { Effect, Schema } from "effect"
import { HttpApi, HttpApiClient, HttpApiEndpoint, HttpApiGroup, HttpApiSchema } from "@effect/platform"
import * as HttpClient from "@effect/platform/HttpClient"
import * as GitHubClient from "../fixtures/github/client.v3.js"

/** The Node file system as a layer (`@effect/platform-node` of this line). */
export { layer as nodeFileSystem } from "@effect/platform-node/NodeFileSystem"

// An HttpApi of one endpoint, GET /users/:name, and its HttpApiClient: what
// a service built with HttpApi looks like to its callers (the definition
// differs between the lines; the client's use does not).
class UserNotFound extends Schema.TaggedError<UserNotFound>()("UserNotFound", { message: Schema.String }, HttpApiSchema.annotations({ status: 404 })) {}

const UsersApi = HttpApi.make("users").add(
  HttpApiGroup.make("users").add(
    HttpApiEndpoint.get("get", "/users/:name")
      .setPath(Schema.Struct({ name: Schema.String }))
      .addSuccess(Schema.Struct({ login: Schema.String }))
      .addError(UserNotFound)
  )
)

/** The user `name` through an HttpApiClient of the test's HttpApi, over the context's HttpClient. */
export const apiClientUser = (name: string) => Effect.flatMap(HttpApiClient.make(UsersApi), (client) => client.users.get({ path: { name } }))

// The GitHub client @tim-smart/openapi-gen generated (test/fixtures/github), as the shared tests call it.

/** The generated GitHub client over the context's HttpClient: a user, and the tag its 404 fails with. */
export const gitHub = {
  user: (name: string) => Effect.flatMap(HttpClient.HttpClient, (client) => GitHubClient.make(client).usersGetByUsername(name)),
  notFoundTag: "BasicError"
} as const
