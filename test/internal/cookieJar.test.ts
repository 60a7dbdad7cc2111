import { beforeAll, describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Cookies from "#line/http/Cookies"
import * as CookieJar from "../../src/internal/cookieJar.js"

// The jar's rules one by one, on the jar itself: what a response may set,
// and what a later request is sent (RFC 6265, RFC 6265bis). The session
// tests (test/cookies.test.ts, test/security/cookies.test.ts) show the same
// rules through requests.

beforeAll(() => Effect.runPromise(CookieJar.loadSuffixes))

const NOW = 1_000_000

/** A jar holding what `from` set with these Set-Cookie lines at NOW. */
const jarWith = (from: string, ...setCookie: ReadonlyArray<string>) => {
  const jar = CookieJar.make()
  jar.store(new URL(from), Cookies.fromSetCookie(setCookie), NOW)
  return jar
}

const sent = (jar: CookieJar.Jar, url: string, now = NOW) => jar.header(new URL(url), now)

describe("cookie jar: Domain", () => {
  it("a cookie without Domain reaches its host alone, not a subdomain nor a host that merely ends with the same letters", () => {
    const jar = jarWith("https://a.test/", "c=1")
    expect(sent(jar, "https://a.test/")).toBe("c=1")
    expect(sent(jar, "https://sub.a.test/")).toBeUndefined()
    expect(sent(jar, "https://evila.test/")).toBeUndefined()
  })

  it("Domain naming the host itself reaches its subdomains (no longer host-only), in any case and with a leading dot", () => {
    for (const domain of ["a.test", ".a.test", "A.TEST"]) {
      const jar = jarWith("https://a.test/", `c=1; Domain=${domain}`)
      expect(sent(jar, "https://a.test/")).toBe("c=1")
      expect(sent(jar, "https://deep.sub.a.test/")).toBe("c=1")
      expect(sent(jar, "https://evila.test/")).toBeUndefined()
    }
  })

  it("an empty Domain is no Domain: host-only", () => {
    const jar = jarWith("https://a.test/", "c=1; Domain=")
    expect(sent(jar, "https://a.test/")).toBe("c=1")
    expect(sent(jar, "https://sub.a.test/")).toBeUndefined()
  })

  it("a Domain the host does not belong to is refused, a sibling's or a child's alike", () => {
    expect(sent(jarWith("https://www.a.test/", "c=1; Domain=api.a.test"), "https://api.a.test/")).toBeUndefined()
    expect(sent(jarWith("https://a.test/", "c=1; Domain=sub.a.test"), "https://sub.a.test/")).toBeUndefined()
    expect(sent(jarWith("https://a.test/", "c=1; Domain=b.test"), "https://b.test/")).toBeUndefined()
  })

  it("an IP address has no parent domain: a Domain its last octets spell is refused, its own address is host-only", () => {
    for (const [host, domain] of [["1.2.3.4", "2.3.4"], ["10.20.30.40", "20.30.40"], ["10.20.30.40", "30.40"]]) {
      expect(sent(jarWith(`http://${host}/`, `c=1; Domain=${domain}`), `http://${host}/`)).toBeUndefined()
    }
    const own = jarWith("http://1.2.3.4/", "c=1; Domain=1.2.3.4")
    expect(sent(own, "http://1.2.3.4/")).toBe("c=1")
    expect(sent(own, "http://[::ffff:1.2.3.4]/")).toBeUndefined()
  })

  it("a host name that begins with numbers is a name: its parent domains are cookie domains", () => {
    const jar = jarWith("http://1.2.3.4.example/", "c=1; Domain=2.3.4.example")
    expect(sent(jar, "http://9.2.3.4.example/")).toBe("c=1")
  })

  it("an IPv6 host's cookie stays with that host", () => {
    const jar = jarWith("http://[::1]/", "c=1")
    expect(sent(jar, "http://[::1]/")).toBe("c=1")
    expect(sent(jar, "http://[::2]/")).toBeUndefined()
  })

  it("a public suffix is no cookie domain (com, co.uk, github.io), except for the host that is one itself, which gets a host-only cookie", () => {
    expect(sent(jarWith("https://a.example.com/", "c=1; Domain=com"), "https://b.example.com/")).toBeUndefined()
    expect(sent(jarWith("https://a.example.com/", "c=1; Domain=com"), "https://a.example.com/")).toBeUndefined()
    expect(sent(jarWith("https://x.example.co.uk/", "c=1; Domain=co.uk"), "https://x.example.co.uk/")).toBeUndefined()
    expect(sent(jarWith("https://me.github.io/", "c=1; Domain=github.io"), "https://you.github.io/")).toBeUndefined()
    const suffix = jarWith("https://github.io/", "c=1; Domain=github.io")
    expect(sent(suffix, "https://github.io/")).toBe("c=1")
    expect(sent(suffix, "https://you.github.io/")).toBeUndefined()
  })

  it("a registrable domain is a cookie domain", () => {
    expect(sent(jarWith("https://www.example.co.uk/", "c=1; Domain=example.co.uk"), "https://shop.example.co.uk/")).toBe("c=1")
  })
})

describe("cookie jar: Path", () => {
  it("without Path, the directory of the request path: /a/b/c sets /a/b", () => {
    const jar = jarWith("https://a.test/a/b/c", "c=1")
    expect(sent(jar, "https://a.test/a/b")).toBe("c=1")
    expect(sent(jar, "https://a.test/a/b/d")).toBe("c=1")
    expect(sent(jar, "https://a.test/a")).toBeUndefined()
    expect(sent(jar, "https://a.test/a/bc")).toBeUndefined()
  })

  it("without Path, a request at /x or / sets /", () => {
    expect(sent(jarWith("https://a.test/x", "c=1"), "https://a.test/other")).toBe("c=1")
    expect(sent(jarWith("https://a.test/", "c=1"), "https://a.test/other")).toBe("c=1")
  })

  it("a Path that does not start with / is the default path", () => {
    const jar = jarWith("https://a.test/a/b", "c=1; Path=a")
    expect(sent(jar, "https://a.test/a/x")).toBe("c=1")
    expect(sent(jar, "https://a.test/b")).toBeUndefined()
  })

  it("/api matches /api and /api/x, not /apix; /api/ matches /api/x, not /api", () => {
    const bare = jarWith("https://a.test/", "c=1; Path=/api")
    expect(sent(bare, "https://a.test/api")).toBe("c=1")
    expect(sent(bare, "https://a.test/api/x")).toBe("c=1")
    expect(sent(bare, "https://a.test/apix")).toBeUndefined()
    expect(sent(bare, "https://a.test/")).toBeUndefined()
    const slashed = jarWith("https://a.test/", "c=1; Path=/api/")
    expect(sent(slashed, "https://a.test/api/x")).toBe("c=1")
    expect(sent(slashed, "https://a.test/api")).toBeUndefined()
  })

  it("one name on two paths is two cookies; the longer path is sent first, then the older", () => {
    const jar = CookieJar.make()
    jar.store(new URL("https://a.test/"), Cookies.fromSetCookie(["late=1; Path=/"]), NOW + 1)
    for (const cookie of ["c=root; Path=/", "c=deep; Path=/a/b", "c=mid; Path=/a"]) {
      jar.store(new URL("https://a.test/"), Cookies.fromSetCookie([cookie]), NOW)
    }
    expect(sent(jar, "https://a.test/a/b/x")).toBe("c=deep; c=mid; c=root; late=1")
  })

  it("a cookie set again keeps its place among the older ones", () => {
    const jar = CookieJar.make()
    jar.store(new URL("https://a.test/"), Cookies.fromSetCookie(["first=1"]), NOW)
    jar.store(new URL("https://a.test/"), Cookies.fromSetCookie(["second=1"]), NOW + 1)
    jar.store(new URL("https://a.test/"), Cookies.fromSetCookie(["first=2"]), NOW + 2)
    expect(sent(jar, "https://a.test/", NOW + 3)).toBe("first=2; second=1")
  })
})

describe("cookie jar: Secure and name prefixes", () => {
  it("a Secure cookie is accepted from https only and sent over https only", () => {
    const jar = jarWith("https://a.test/", "c=1; Secure")
    expect(sent(jar, "https://a.test/")).toBe("c=1")
    expect(sent(jar, "http://a.test/")).toBeUndefined()
    expect(sent(jarWith("http://a.test/", "c=1; Secure"), "https://a.test/")).toBeUndefined()
  })

  it("a cookie without Secure set over https is sent over http too", () => {
    expect(sent(jarWith("https://a.test/", "c=1"), "http://a.test/")).toBe("c=1")
  })

  it("__Secure- needs Secure from https, in any case", () => {
    expect(sent(jarWith("https://a.test/", "__Secure-c=1; Secure"), "https://a.test/")).toBe("__Secure-c=1")
    expect(sent(jarWith("https://a.test/", "__Secure-c=1"), "https://a.test/")).toBeUndefined()
    expect(sent(jarWith("https://a.test/", "__SECURE-c=1"), "https://a.test/")).toBeUndefined()
    expect(sent(jarWith("http://a.test/", "__Secure-c=1; Secure"), "https://a.test/")).toBeUndefined()
  })

  it("__Host- needs Secure from https, no Domain and Path=/, in any case", () => {
    expect(sent(jarWith("https://a.test/", "__Host-c=1; Secure; Path=/"), "https://a.test/")).toBe("__Host-c=1")
    expect(sent(jarWith("https://a.test/", "__Host-c=1; Path=/"), "https://a.test/")).toBeUndefined()
    expect(sent(jarWith("https://a.test/", "__host-c=1; Path=/"), "https://a.test/")).toBeUndefined()
    expect(sent(jarWith("https://a.test/x", "__Host-c=1; Secure"), "https://a.test/x")).toBeUndefined()
    expect(sent(jarWith("https://a.test/", "__Host-c=1; Secure; Path=/x"), "https://a.test/x")).toBeUndefined()
    expect(sent(jarWith("https://a.test/", "__Host-c=1; Secure; Path=/; Domain=a.test"), "https://a.test/")).toBeUndefined()
    expect(sent(jarWith("http://a.test/", "__Host-c=1; Secure; Path=/"), "https://a.test/")).toBeUndefined()
  })

  it("__Host- with an empty Domain is host-only, and allowed", () => {
    expect(sent(jarWith("https://a.test/", "__Host-c=1; Secure; Path=/; Domain="), "https://a.test/")).toBe("__Host-c=1")
  })

  it("a name that only begins like a prefix is an ordinary name", () => {
    expect(sent(jarWith("http://a.test/", "__Securex=1", "__Hos=1"), "http://a.test/")).toBe("__Securex=1; __Hos=1")
  })
})

describe("cookie jar: size and count limits", () => {
  it("name and value of 4096 bytes are kept, 4097 refused", () => {
    const jar = jarWith("https://a.test/", `n=${"v".repeat(4095)}`, `m=${"v".repeat(4096)}`)
    const header = sent(jar, "https://a.test/")!
    expect(header.split("; ").map((pair) => pair.slice(0, 2))).toEqual(["n="])
    expect(header.length).toBe(4097)
  })

  it(`at ${CookieJar.MAX_PER_SITE} cookies for a site, a new one drops the site's oldest; other sites keep theirs`, () => {
    const jar = CookieJar.make()
    jar.store(new URL("https://b.test/"), Cookies.fromSetCookie(["other=1"]), 0)
    for (let i = 0; i <= CookieJar.MAX_PER_SITE; i++) {
      const host = i % 2 === 0 ? "x.a.test" : "y.a.test"
      jar.store(new URL(`https://${host}/`), Cookies.fromSetCookie([`c${i}=1; Domain=a.test`]), i + 1)
    }
    const names = sent(jar, "https://a.test/", 10_000)!.split("; ").map((pair) => pair.split("=")[0])
    expect(names).toHaveLength(CookieJar.MAX_PER_SITE)
    expect(names[0]).toBe("c1")
    expect(names).toContain(`c${CookieJar.MAX_PER_SITE}`)
    expect(sent(jar, "https://b.test/", 10_000)).toBe("other=1")
  })

  it("setting a cookie the site already has again drops nothing, and it keeps its place", () => {
    const jar = CookieJar.make()
    for (let i = 0; i < CookieJar.MAX_PER_SITE; i++) jar.store(new URL("https://a.test/"), Cookies.fromSetCookie([`c${i}=1`]), i)
    jar.store(new URL("https://a.test/"), Cookies.fromSetCookie(["c5=2"]), 1_000)
    const pairs = sent(jar, "https://a.test/", 2_000)!.split("; ")
    expect(pairs).toHaveLength(CookieJar.MAX_PER_SITE)
    expect(pairs.slice(0, 6)).toEqual(["c0=1", "c1=1", "c2=1", "c3=1", "c4=1", "c5=2"])
  })

  it("the limit is per site: host-only cookies of two subdomains count together", () => {
    const jar = CookieJar.make()
    for (let i = 0; i <= CookieJar.MAX_PER_SITE; i++) {
      jar.store(new URL(`https://${i % 2 === 0 ? "x" : "y"}.a.test/`), Cookies.fromSetCookie([`c${i}=1`]), i)
    }
    const x = sent(jar, "https://x.a.test/", 10_000)!.split("; ")
    const y = sent(jar, "https://y.a.test/", 10_000)!.split("; ")
    expect(x.length + y.length).toBe(CookieJar.MAX_PER_SITE)
    expect(x).not.toContain("c0=1")
  })

  it("a cookie set already expired takes no place: a full site drops none for it", () => {
    const jar = CookieJar.make()
    for (let i = 0; i < CookieJar.MAX_PER_SITE; i++) jar.store(new URL("https://a.test/"), Cookies.fromSetCookie([`c${i}=1`]), i)
    jar.store(new URL("https://a.test/"), Cookies.fromSetCookie(["late=1; Max-Age=0"]), 1_000)
    const pairs = sent(jar, "https://a.test/", 1_000)!.split("; ")
    expect(pairs).toHaveLength(CookieJar.MAX_PER_SITE)
    expect(pairs[0]).toBe("c0=1")
  })

  it(`at ${CookieJar.MAX_COOKIES} cookies in all, a new one drops the oldest of the jar`, () => {
    const jar = CookieJar.make()
    const perSite = 100
    const sites = CookieJar.MAX_COOKIES / perSite
    let created = 0
    for (let site = 0; site < sites; site++) {
      for (let i = 0; i < perSite; i++) jar.store(new URL(`https://s${site}.test/`), Cookies.fromSetCookie([`c${i}=1`]), created++)
    }
    jar.store(new URL("https://new.test/"), Cookies.fromSetCookie(["n=1"]), created)
    expect(sent(jar, "https://new.test/", created)).toBe("n=1")
    const first = sent(jar, "https://s0.test/", created)!.split("; ")
    expect(first).toHaveLength(perSite - 1)
    expect(first[0]).toBe("c1=1")
    expect(sent(jar, `https://s${sites - 1}.test/`, created)!.split("; ")).toHaveLength(perSite)
  })

  it("a site whose only cookie the jar's limit dropped still keeps its own limit for the cookies it sets next", () => {
    const jar = CookieJar.make()
    const store = (host: string, cookie: string, at: number) => jar.store(new URL(`https://${host}/`), Cookies.fromSetCookie([cookie]), at)
    store("lone.test", "old=1", 0)
    for (let i = 1; i < CookieJar.MAX_COOKIES; i++) store(`s${i % 40}.test`, `c${i}=1`, i)
    let at = CookieJar.MAX_COOKIES
    store("lone.test", "again=1", at++) // the jar is full: lone.test's own old=1 is the oldest, and goes
    for (let i = 0; i < CookieJar.MAX_PER_SITE; i++) store("lone.test", `n${i}=1`, at++)
    const names = sent(jar, "https://lone.test/", at)!.split("; ").map((pair) => pair.split("=")[0])
    expect(names).toHaveLength(CookieJar.MAX_PER_SITE)
    expect(names).not.toContain("again")
    expect(names).not.toContain("old")
  })
})

describe("cookie jar: expiry on the caller's clock", () => {
  it("Max-Age counts from when the cookie was stored; at that instant it is gone", () => {
    const jar = jarWith("https://a.test/", "c=1; Max-Age=10")
    expect(sent(jar, "https://a.test/", NOW + 9_999)).toBe("c=1")
    expect(sent(jar, "https://a.test/", NOW + 10_000)).toBeUndefined()
    expect(sent(jar, "https://a.test/", NOW)).toBeUndefined()
  })

  it("Max-Age wins over Expires", () => {
    const jar = jarWith("https://a.test/", "c=1; Max-Age=10; Expires=Wed, 21 Oct 2099 07:28:00 GMT")
    expect(sent(jar, "https://a.test/", NOW + 10_000)).toBeUndefined()
  })

  it("Expires is an instant: kept before it, gone from it on", () => {
    const at = Date.UTC(2030, 0, 1)
    const jar = CookieJar.make()
    jar.store(new URL("https://a.test/"), Cookies.fromSetCookie(["c=1; Expires=Tue, 01 Jan 2030 00:00:00 GMT"]), at - 5_000)
    expect(sent(jar, "https://a.test/", at - 1)).toBe("c=1")
    expect(sent(jar, "https://a.test/", at)).toBeUndefined()
  })

  it("a cookie set already expired removes the one stored under its name, and only that one", () => {
    const jar = jarWith("https://a.test/", "c=1", "d=1")
    jar.store(new URL("https://a.test/"), Cookies.fromSetCookie(["c=gone; Max-Age=0"]), NOW + 1)
    expect(sent(jar, "https://a.test/", NOW + 2)).toBe("d=1")
    jar.store(new URL("https://a.test/"), Cookies.fromSetCookie(["d=gone; Expires=Thu, 01 Jan 1970 00:00:00 GMT"]), NOW + 3)
    expect(sent(jar, "https://a.test/", NOW + 4)).toBeUndefined()
  })

  it("a cookie set already expired that was never stored stores nothing", () => {
    expect(sent(jarWith("https://a.test/", "c=1; Max-Age=0"), "https://a.test/")).toBeUndefined()
  })

  it("a cookie without Max-Age or Expires lasts as long as the jar", () => {
    expect(sent(jarWith("https://a.test/", "c=1"), "https://a.test/", Number.MAX_SAFE_INTEGER)).toBe("c=1")
  })

  it("an expired cookie no longer counts against its site's limit", () => {
    const jar = CookieJar.make()
    jar.store(new URL("https://a.test/"), Cookies.fromSetCookie(["short=1; Max-Age=1"]), 0)
    for (let i = 1; i < CookieJar.MAX_PER_SITE; i++) jar.store(new URL("https://a.test/"), Cookies.fromSetCookie([`c${i}=1`]), i)
    expect(sent(jar, "https://a.test/", 5_000)!.split("; ")).toHaveLength(CookieJar.MAX_PER_SITE - 1)
    jar.store(new URL("https://a.test/"), Cookies.fromSetCookie(["late=1"]), 5_001)
    const names = sent(jar, "https://a.test/", 5_002)!.split("; ")
    expect(names).toHaveLength(CookieJar.MAX_PER_SITE)
    expect(names[0]).toBe("c1=1")
  })
})

describe("cookie jar: the Public Suffix List", () => {
  it("is loaded once and then reported loaded, through the jar too", () =>
    Effect.runPromise(Effect.gen(function* () {
      yield* CookieJar.loadSuffixes
      expect(CookieJar.suffixesLoaded()).toBe(true)
      const jar = CookieJar.make()
      expect(jar.loaded()).toBe(true)
      yield* jar.load
    })))
})
