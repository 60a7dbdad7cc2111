/**
 * A client generated from GitHub's OpenAPI description (#31), run through
 * a session as its HttpClient: @tim-smart/openapi-gen's on effect 3,
 * @effect/openapi-generator's on effect 4 (test/fixtures/github, and
 * #testnode's `gitHub` for the calls that differ between them).
 */
import * as Client from "#line/client"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Schema, Stream } from "effect"
import { Auth, Http, HttpError, Retry } from "effect-requests"
import { MockHttp } from "effect-requests/testing"
import { fakeGitHub, lookupsOfThreeUsers, users } from "./fixtures/fakeGitHub.js"
import { httpServer, transports } from "./helpers.js"
import { collect } from "#testline"
import { gitHub } from "#testnode"

describe("a generated GitHub client through a session", () => {
  for (const [name, transport] of transports) {
    it.scopedLive(`a user decoded, a 404 the client's typed error, a 503 retried, ../admin kept inside the API, pages by the session's paginate [${name}]`, () =>
      Effect.gen(function* () {
        const github = fakeGitHub()
        const server = yield* httpServer(github.handler)
        const base = `${server.url}/api/v3`
        const session = { baseUrl: base, auth: Auth.bearer("t0k"), retry: Retry.policy({ base: "1 millis" }) }
        const [octocat, hubot, missing, escape] = yield* Effect.all([
          gitHub.user("octocat"),
          gitHub.user("hubot"),
          Effect.flip(gitHub.user("nobody")),
          Effect.flip(gitHub.user("../admin"))
        ]).pipe(Effect.provide(Http.layerFromSession(session).pipe(Layer.provide(transport))))
        expect(octocat.login).toBe("octocat")
        expect(octocat.id).toBe(users["octocat"]!.id)
        expect(hubot.login).toBe("hubot")
        expect(missing._tag).toBe(gitHub.notFoundTag)
        expect(Client.isClientError(escape) && HttpError.fromPlatform(escape)._tag).toBe("InvalidUrl")
        expect(github.received.map((r) => r.path)).toEqual(lookupsOfThreeUsers)
        expect(github.received.every((r) => r.authorization === "Bearer t0k")).toBe(true)

        // The listing, paged by the session's own paginate over the Link headers.
        const names = yield* Http.make(session).paginate("users/octocat/repos").pipe(
          Stream.mapEffect((page) => page.decode(Schema.Array(Schema.Struct({ name: Schema.String })))),
          Stream.flatMap((repos) => Stream.fromIterable(repos.map((repo) => repo.name))),
          collect,
          Effect.provide(transport)
        )
        expect(names).toEqual(["repo-1", "repo-2", "repo-3"])
      }))
  }

  it.effect("over MockHttp under the session layer: the user, and the 404", () =>
    Effect.gen(function* () {
      expect((yield* gitHub.user("octocat")).login).toBe("octocat")
      expect((yield* Effect.flip(gitHub.user("nobody")))._tag).toBe(gitHub.notFoundTag)
      yield* MockHttp.expectCalled("GET", "/api/v3/users/octocat", 1)
    }).pipe(Effect.provide(
      Http.layerFromSession({ baseUrl: "https://ghe.test/api/v3" }).pipe(Layer.provideMerge(MockHttp.layer([
        MockHttp.get("/api/v3/users/octocat", MockHttp.json(users["octocat"])),
        MockHttp.get("/api/v3/users/:name", MockHttp.json({ message: "Not Found" }, { status: 404 }))
      ])))
    )))
})
