/**
 * Real servers for the tests that meet them: nginx and tinyproxy from
 * Debian's packages, started on free loopback ports in a temporary
 * directory with a configuration written here, stopped with the scope.
 * `.ci/run` installs the packages; where one is missing, its tests are
 * skipped with the reason (`missing`).
 */
import { spawn, spawnSync } from "node:child_process"
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import * as net from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, type Scope } from "effect"
import { closedPort } from "../helpers.js"

/** Where a daemon's binary is: on PATH, or in the sbin directories a non-root PATH lacks. */
const locate = (name: string): string | undefined =>
  ["", "/usr/sbin/", "/usr/local/sbin/", "/sbin/"]
    .map((dir) => `${dir}${name}`)
    .find((path) => spawnSync(path, ["-v"], { stdio: "ignore" }).error === undefined)

export const nginxBinary = locate("nginx")
export const tinyproxyBinary = locate("tinyproxy")

/** Why a daemon's tests are skipped. */
export const missing = (name: string) => `${name} is not installed (apt-get install ${name === "nginx" ? "nginx-light" : name}; .ci/run does it)`

const isRoot = process.getuid?.() === 0

/** Resolves once `port` accepts connections (polled every 50 ms, for at most 10 s). */
const listening = (port: number, exited: () => string | undefined): Promise<void> =>
  new Promise((resolve, reject) => {
    let tries = 0
    const attempt = () => {
      const died = exited()
      if (died !== undefined) return reject(new Error(died))
      const socket = net.connect(port, "127.0.0.1")
      socket.once("connect", () => {
        socket.destroy()
        resolve()
      })
      socket.once("error", () => {
        socket.destroy()
        if (++tries >= 200) reject(new Error(`nothing listened on ${port} within 10 s`))
        else setTimeout(attempt, 50)
      })
    }
    attempt()
  })

/** Runs `binary args` until the scope closes; ready when every port in `ports` listens. */
const daemon = (
  binary: string,
  args: ReadonlyArray<string>,
  ports: ReadonlyArray<number>,
  dir: string
): Effect.Effect<void, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.promise(async () => {
      const child = spawn(binary, args, { stdio: ["ignore", "ignore", "pipe"] })
      let stderr = ""
      let exit: string | undefined
      child.stderr.on("data", (data: Buffer) => stderr += data.toString())
      child.once("exit", (code) => exit = `${binary} exited with ${code}: ${stderr}`)
      await Promise.all(ports.map((port) => listening(port, () => exit)))
      return child
    }),
    (child) =>
      Effect.promise(() =>
        new Promise<void>((done) => {
          child.once("exit", () => {
            rmSync(dir, { recursive: true, force: true })
            done()
          })
          if (child.exitCode !== null) child.emit("exit")
          else child.kill("SIGTERM")
        })
      )
  ).pipe(Effect.asVoid)

/** A running nginx: an HTTP/1.1 server and a TLS server that offers HTTP/2, both with `keepalive_requests 20`. */
export interface Nginx {
  /** `http://127.0.0.1:port` */
  readonly plain: string
  /** `https://127.0.0.1:port`, HTTP/2 by ALPN */
  readonly secure: string
  /** Each request nginx has answered, in order, as logged: method, URI, status, protocol and connection serial. */
  readonly served: () => ReadonlyArray<Served>
  /**
   * The log once it has `count` lines: nginx writes a request's line after
   * the response went out, so a client can have it whole before the line
   * is there. Waits up to 5 s, then gives what there is.
   */
  readonly servedAtLeast: (count: number) => Effect.Effect<ReadonlyArray<Served>>
}

/** One request nginx answered, as logged. */
export interface Served {
  readonly method: string
  readonly uri: string
  readonly status: number
  readonly protocol: string
  readonly connection: string
}

export const BIG_BYTES = 10 * 1024 * 1024

const locations = (dir: string) => `
    keepalive_requests 20;
    gzip on;
    gzip_types application/json;
    gzip_min_length 1;
    location = /json { default_type application/json; alias ${dir}/www/data.json; }
    location = /big { default_type application/octet-stream; alias ${dir}/www/big.bin; }
    location = /post { default_type application/json; return 200 '{"ok":true}'; }
    location = /empty { return 204; }
    location = /found { return 302 /json; }
    location = /moved { return 301 /json; }
    location = /see-other { return 303 /json; }
    location = /limited {
      # A file, not a return: return ends the request before limit_req runs.
      limit_req zone=tight nodelay;
      limit_req_status 429;
      add_header Retry-After 1 always;
      default_type application/json;
      alias ${dir}/www/ok.json;
    }`

/** Starts nginx with TLS (the given certificate), HTTP/2, gzip, redirects, a small keepalive_requests and limit_req. */
export const nginx = (tls: { readonly cert: string; readonly key: string }): Effect.Effect<Nginx, never, Scope.Scope> =>
  Effect.gen(function* () {
    const plainPort = yield* closedPort
    const securePort = yield* closedPort
    const dir = mkdtempSync(join(tmpdir(), "effect-requests-nginx-"))
    mkdirSync(join(dir, "www"))
    writeFileSync(join(dir, "cert.pem"), tls.cert)
    writeFileSync(join(dir, "key.pem"), tls.key)
    writeFileSync(join(dir, "www", "data.json"), JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ id: i, name: `item ${i}` })) }))
    writeFileSync(join(dir, "www", "big.bin"), Buffer.alloc(BIG_BYTES, 7))
    writeFileSync(join(dir, "www", "ok.json"), JSON.stringify({ ok: true }))
    const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((kind) => `${kind}_temp_path ${dir}/${kind};`).join(" ")
    writeFileSync(
      join(dir, "nginx.conf"),
      `${isRoot ? "user root;" : ""}
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  ${temp}
  log_format served '$request_method $uri $status $server_protocol $connection';
  access_log ${dir}/access.log served;
  limit_req_zone $binary_remote_addr zone=tight:1m rate=1r/s;
  server {
    listen 127.0.0.1:${plainPort};
    ${locations(dir)}
  }
  server {
    listen 127.0.0.1:${securePort} ssl http2;
    ssl_certificate ${dir}/cert.pem;
    ssl_certificate_key ${dir}/key.pem;
    ${locations(dir)}
  }
}
`
    )
    yield* daemon(nginxBinary!, ["-p", dir, "-c", join(dir, "nginx.conf"), "-e", join(dir, "error.log")], [plainPort, securePort], dir)
    const served = (): ReadonlyArray<Served> => {
      let log = ""
      try {
        log = readFileSync(join(dir, "access.log"), "utf8")
      } catch {
        return []
      }
      return log.split("\n").filter((line) => line !== "").map((line) => {
        const [method, uri, status, protocol, connection] = line.split(" ") as [string, string, string, string, string]
        return { method, uri, status: Number(status), protocol, connection }
      })
    }
    return {
      plain: `http://127.0.0.1:${plainPort}`,
      secure: `https://127.0.0.1:${securePort}`,
      served,
      servedAtLeast: (count) =>
        Effect.promise(async () => {
          for (let i = 0; i < 500 && served().length < count; i++) await new Promise((resolve) => setTimeout(resolve, 10))
          return served()
        })
    }
  })

/** A running tinyproxy with Basic credentials and its stock CONNECT ports (443, 563), plus `connectPorts`. */
export interface Tinyproxy {
  /** `http://user:password@127.0.0.1:port` */
  readonly url: string
  readonly port: number
}

export const tinyproxy = (options: {
  readonly user: string
  readonly password: string
  readonly connectPorts?: ReadonlyArray<number>
}): Effect.Effect<Tinyproxy, never, Scope.Scope> =>
  Effect.gen(function* () {
    const port = yield* closedPort
    const dir = mkdtempSync(join(tmpdir(), "effect-requests-tinyproxy-"))
    const connectPorts = [443, 563, ...(options.connectPorts ?? [])].map((p) => `ConnectPort ${p}`).join("\n")
    writeFileSync(
      join(dir, "tinyproxy.conf"),
      `${isRoot ? "User root\nGroup root\n" : ""}Port ${port}
Listen 127.0.0.1
Timeout 60
MaxClients 50
LogLevel Warning
Allow 127.0.0.1
BasicAuth ${options.user} ${options.password}
${connectPorts}
`
    )
    yield* daemon(tinyproxyBinary!, ["-d", "-c", join(dir, "tinyproxy.conf")], [port], dir)
    return { url: `http://${options.user}:${options.password}@127.0.0.1:${port}`, port }
  })
