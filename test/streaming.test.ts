import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, Option, Schema, Stream } from "effect"
import { Http } from "effect-requests"
import { MockHttp, TestServer } from "effect-requests/testing"
import { eachTransport } from "./helpers.js"
import { TestClock, collect, fork } from "#testline"

const chunks = (...parts: ReadonlyArray<string>) => Stream.fromIterable(parts).pipe(Stream.encodeText)

describe("response.lines", () => {
  it.effect("splits on \\n, \\r\\n and \\r, across chunk boundaries, in UTF-8", () =>
    Effect.gen(function* () {
      const layer = MockHttp.layer([MockHttp.get("/log", MockHttp.stream(chunks("one\r", "\ntwo\nthr", "ée\rfour\r", "\r\nsix")))])
      const lines = yield* Http.get("https://api.test/log").pipe(
        Effect.flatMap((res) => collect(res.lines)),
        Effect.provide(layer)
      )
      expect(lines).toEqual(["one", "two", "thrée", "four", "", "six"])
    }))
})

describe("Http.ndjson", () => {
  const Event = Schema.Struct({ id: Schema.Number })

  it.effect("decodes each line with the schema, skipping blank lines", () =>
    Effect.gen(function* () {
      const layer = MockHttp.layer([MockHttp.get("/events", MockHttp.stream(chunks("{\"id\":1}\n\n{\"id\"", ":2}\n")))])
      const events = yield* Http.get("https://api.test/events").pipe(
        Effect.map(Http.ndjson(Event)),
        Stream.unwrap,
        collect,
        Effect.provide(layer)
      )
      expect(events).toEqual([{ id: 1 }, { id: 2 }])
    }))

  it.effect("a broken line is a DecodeError naming its line number, after the good lines before it", () =>
    Effect.gen(function* () {
      const layer = MockHttp.layer([
        MockHttp.get("/events", MockHttp.text("{\"id\":1}\n{\"id\":\"two\"}\n{oops\n")),
        MockHttp.get("/garbage", MockHttp.text("{\"id\":1}\n{oops\n"))
      ])
      const seen: Array<unknown> = []
      const mismatch = yield* Http.get("https://api.test/events").pipe(
        Effect.map(Http.ndjson(Event)),
        Stream.unwrap,
        Stream.runForEach((event) => Effect.sync(() => seen.push(event))),
        Effect.flip,
        Effect.provide(layer)
      )
      expect(seen).toEqual([{ id: 1 }])
      expect(mismatch).toMatchObject({ _tag: "DecodeError", issue: { path: ["id"] } })
      expect(mismatch.message).toContain("line 2")
      const garbage = yield* Http.get("https://api.test/garbage").pipe(
        Effect.map(Http.ndjson(Event)),
        Stream.unwrap,
        Stream.runDrain,
        Effect.flip,
        Effect.provide(layer)
      )
      expect(garbage.message).toContain("line 2: not JSON")
    }))
})

describe("Http.paginate", () => {
  const Page = Schema.Struct({ items: Schema.Array(Schema.Number), cursor: Schema.NullOr(Schema.String) })

  it.effect("follows Link rel=next over 5 pages and stops when there is none", () =>
    Effect.gen(function* () {
      const layer = MockHttp.layer([
        MockHttp.get("/items", (req) => {
          const page = Number(req.query.page ?? "1")
          const headers: Record<string, string> = page < 5
            ? { link: `<https://api.test/items?page=${page + 1}>; rel="next", <https://api.test/items?page=5>; rel="last"` }
            : { link: `<https://api.test/items?page=1>; rel="first"` }
          return MockHttp.json({ items: [page], cursor: null }, { headers })
        })
      ])
      const items = yield* Http.paginate(Http.get("https://api.test/items"), { next: Http.nextLink() }).pipe(
        Stream.mapEffect((res) => res.decode(Page)),
        Stream.flatMap((page) => Stream.fromIterable(page.items)),
        collect,
        Effect.provide(layer)
      )
      expect(items).toEqual([1, 2, 3, 4, 5])
    }))

  it.effect("one next for both paginates: a URL (relative to the page) or a request, in Http.paginate and session.paginate alike", () =>
    Effect.gen(function* () {
      const layer = MockHttp.layer([
        MockHttp.get("/n/:page", (req) => {
          const page = Number(req.params.page)
          return MockHttp.json({ items: [page], cursor: page < 3 ? String(page + 1) : null })
        })
      ])
      // A relative URL from the body's cursor, and a request built by hand: the same functions in both.
      const byUrl = (res: Http.Response) =>
        Effect.map(res.decode(Page), (page) => page.cursor === null ? Option.none() : Option.some(page.cursor))
      const api = Http.make({ baseUrl: "https://api.test/n/" })
      const byRequest = (res: Http.Response) => Effect.map(byUrl(res), Option.map((cursor) => api.get(cursor)))
      const items = <E, R>(pages: Stream.Stream<Http.Response, E, R>) =>
        pages.pipe(Stream.mapEffect((res) => res.decode(Page)), Stream.flatMap((page) => Stream.fromIterable(page.items)), collect)
      const results = yield* Effect.all([
        items(Http.paginate(Http.get("https://api.test/n/1"), { next: byUrl })),
        items(Http.paginate(Http.get("https://api.test/n/1"), { next: byRequest })),
        items(api.paginate("1", { next: byUrl })),
        items(api.paginate("1", { next: byRequest }))
      ]).pipe(Effect.provide(layer))
      expect(results).toEqual([[1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3]])
    }))

  it.effect("Http.linkHeader, the deprecated alias, still pages", () =>
    Effect.gen(function* () {
      const layer = MockHttp.layer([
        MockHttp.get("/old", (req) =>
          MockHttp.json({ items: [], cursor: null }, req.query.page === "2" ? {} : { headers: { link: "</old?page=2>; rel=next" } }))
      ])
      const count = yield* Http.paginate(Http.get("https://api.test/old"), { next: Http.linkHeader("next") }).pipe(Stream.runCount, Effect.provide(layer))
      expect(count).toBe(2)
    }))

  it.effect("follows a cursor from the decoded body", () =>
    Effect.gen(function* () {
      const pages: Record<string, { items: Array<number>; cursor: string | null }> = {
        start: { items: [1, 2], cursor: "c2" },
        c2: { items: [3], cursor: "c3" },
        c3: { items: [4], cursor: null }
      }
      const layer = MockHttp.layer([MockHttp.get("/feed", (req) => MockHttp.json(pages[String(req.query.cursor ?? "start")]))])
      const items = yield* Http.paginate(Http.get("https://api.test/feed"), {
        next: (res) =>
          Effect.map(res.decode(Page), (page) =>
            Option.map(page.cursor == null ? Option.none() : Option.some(page.cursor), (cursor) => Http.get("https://api.test/feed", { params: { cursor } })))
      }).pipe(
        Stream.mapEffect((res) => res.decode(Page)),
        Stream.flatMap((page) => Stream.fromIterable(page.items)),
        collect,
        Effect.provide(layer)
      )
      expect(items).toEqual([1, 2, 3, 4])
    }))

  it.effect("stops at maxPages however the server links, and each page is retried as any request", () =>
    Effect.gen(function* () {
      const fiber = yield* Http.paginate(Http.get("https://api.test/loop"), { next: Http.nextLink("next"), maxPages: 3 }).pipe(
        Stream.runCount,
        fork
      )
      yield* TestClock.adjust("1 minute")
      expect(yield* Fiber.join(fiber)).toBe(3)
      yield* MockHttp.expectCalled("GET", "/loop", 4)
    }).pipe(Effect.provide(MockHttp.layer([
      MockHttp.get("/loop", MockHttp.sequence([MockHttp.status(503), MockHttp.json({ items: [], cursor: null }, { headers: { link: "</loop>; rel=next" } })]))
    ]))))
})

eachTransport((e2e, transport) => {
  it.layer(e2e)(`streaming bodies from the loopback httpbin [${transport}]`, (it) => {
    it.effect("/stream/:n read as NDJSON gives every line, in order", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const ids = yield* Http.get(`${base}/stream/5`).pipe(
          Effect.map(Http.ndjson(Schema.Struct({ id: Schema.Number }))),
          Stream.unwrap,
          Stream.map((event) => event.id),
          collect
        )
        expect(ids).toEqual([0, 1, 2, 3, 4])
      }))

    it.effect("paginate follows the Link headers of 5 pages, then a cursor API, through a session", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const Page = Schema.Struct({ items: Schema.Array(Schema.Number), next_cursor: Schema.NullOr(Schema.String) })
        const api = Http.make({ allowAbsoluteUrls: true, headers: { accept: "application/json" } })
        const linked = yield* Http.paginate(api.get(`${base}/pages?total=10&per_page=2`), {
          next: Http.linkHeader("next", (url) => api.get(url))
        }).pipe(Stream.mapEffect((res) => res.decode(Page)), Stream.map((page) => page.items), collect)
        expect(linked).toEqual([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]])
        const cursored = yield* Http.paginate(api.get(`${base}/pages?total=5&per_page=2`), {
          next: (res) =>
            Effect.map(res.decode(Page), (page) =>
              Option.map(page.next_cursor == null ? Option.none() : Option.some(page.next_cursor), (cursor) =>
                api.get(`${base}/pages`, { params: { total: 5, per_page: 2, cursor } })))
        }).pipe(Stream.mapEffect((res) => res.decode(Page)), Stream.flatMap((page) => Stream.fromIterable(page.items)), collect)
        expect(cursored).toEqual([1, 2, 3, 4, 5])
      }))

    it.effect("NDJSON with a broken line fails naming the line, after the lines before it", () =>
      Effect.gen(function* () {
        const base = yield* TestServer.url
        const body = Buffer.from("{\"id\":1}\n{\"id\":2}\nnot json\n{\"id\":4}\n").toString("base64url")
        const seen: Array<number> = []
        const err = yield* Http.get(`${base}/base64/${body}`).pipe(
          Effect.map(Http.ndjson(Schema.Struct({ id: Schema.Number }))),
          Stream.unwrap,
          Stream.runForEach((event) => Effect.sync(() => seen.push(event.id))),
          Effect.flip
        )
        expect(seen).toEqual([1, 2])
        expect(err).toMatchObject({ _tag: "DecodeError" })
        expect(err.message).toContain("line 3: not JSON")
      }))
  })
})
