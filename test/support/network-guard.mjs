// A guard for "no network call the user did not ask for", loaded into a Node process with
// `NODE_OPTIONS=--import=<this file>` (so every Node process it starts carries it too). It wraps the ways a
// Node program reaches the network — `net` sockets (which `tls`, `http`, `https` and undici's `fetch` all
// connect through), `dns` look-ups, and `fetch` itself — and for each attempt appends one JSON line to
// $EDGE_GEMMA_NETWORK_LOG: {pid, via, target, loopback}. Anything but loopback (127.0.0.0/8, ::1, localhost)
// or a Unix socket is refused before it happens, so a test run sends nothing off the machine even when the
// app is wrong: the caller gets ENETUNREACH / ENOTFOUND as it would offline.
// Plain JavaScript: it runs before any TypeScript loader.
import { appendFileSync } from "node:fs";
import dns from "node:dns";
import net from "node:net";
import { syncBuiltinESMExports } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import workerThreads from "node:worker_threads";

const logFile = process.env.EDGE_GEMMA_NETWORK_LOG;
if (!logFile) throw new Error("network-guard: set EDGE_GEMMA_NETWORK_LOG to the file that records connection attempts");

export function isLoopback(host) {
  const name = String(host ?? "localhost").toLowerCase().replace(/^\[|\]$/g, "");
  if (name === "localhost" || name.endsWith(".localhost") || name === "::1" || name === "0:0:0:0:0:0:0:1") return true;
  const v4 = name.replace(/^::ffff:/, "");
  return net.isIPv4(v4) && v4.startsWith("127.");
}

function record(via, target, loopback) {
  appendFileSync(logFile, `${JSON.stringify({ pid: process.pid, via, target, loopback })}\n`);
}

function refusal(code, target) {
  return Object.assign(new Error(`network-guard: refused ${target} (not loopback)`), { code, syscall: "connect" });
}

// --- net (and through it tls, http, https, undici) ----------------------------------------------------
const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  // net.connect() passes its already-normalized [options, callback] as one array argument.
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const options = typeof first === "object" && first !== null ? first : typeof first === "string" && Number.isNaN(Number(first)) ? { path: first } : { port: first, host: args[1] };
  if (options.path !== undefined) return originalConnect.apply(this, args); // a Unix socket: on this machine
  const host = typeof options.host === "string" ? options.host : "localhost";
  const target = `${host}:${options.port}`;
  const loopback = isLoopback(host);
  record("net", target, loopback);
  if (loopback) return originalConnect.apply(this, args);
  process.nextTick(() => this.destroy(refusal("ENETUNREACH", target)));
  return this;
};

// --- dns -----------------------------------------------------------------------------------------------
const originalLookup = dns.lookup;
dns.lookup = function guardedLookup(hostname, options, callback) {
  const loopback = isLoopback(hostname);
  record("dns", String(hostname), loopback);
  if (loopback) return originalLookup.call(this, hostname, options, callback);
  const done = typeof options === "function" ? options : callback;
  process.nextTick(() => done(Object.assign(refusal("ENOTFOUND", hostname), { syscall: "getaddrinfo", hostname })));
  return undefined;
};
const originalPromiseLookup = dns.promises.lookup;
dns.promises.lookup = async function guardedPromiseLookup(hostname, options) {
  const loopback = isLoopback(hostname);
  record("dns", String(hostname), loopback);
  if (loopback) return originalPromiseLookup.call(this, hostname, options);
  throw Object.assign(refusal("ENOTFOUND", hostname), { syscall: "getaddrinfo", hostname });
};
for (const name of ["resolve", "resolve4", "resolve6", "resolveAny", "resolveCname", "resolveTxt", "resolveSrv"]) {
  for (const [table, kind] of [[dns, "callback"], [dns.promises, "promise"]]) {
    const original = table[name];
    if (typeof original !== "function") continue;
    table[name] = function guardedResolve(hostname, ...rest) {
      record("dns", String(hostname), false);
      const error = Object.assign(refusal("ENOTFOUND", hostname), { syscall: name, hostname });
      if (kind === "promise") return Promise.reject(error);
      const done = rest.at(-1);
      process.nextTick(() => done(error));
      return undefined;
    };
  }
}

// --- fetch ---------------------------------------------------------------------------------------------
const originalFetch = globalThis.fetch;
globalThis.fetch = async function guardedFetch(input, init) {
  const url = new URL(typeof input === "string" || input instanceof URL ? String(input) : input.url);
  const loopback = isLoopback(url.hostname);
  record("fetch", url.origin, loopback);
  if (!loopback) throw new TypeError("fetch failed", { cause: refusal("ENETUNREACH", url.host) });
  return originalFetch(input, init);
};

// --- worker threads ------------------------------------------------------------------------------------
// A worker has its own `net`, `dns` and `fetch`, and NODE_OPTIONS' --import does not reach it when the process has
// an --import of its own (`node --import tsx …`, as the host runs): each worker loads the guard before its own code.
const OriginalWorker = workerThreads.Worker;
const guardUrl = JSON.stringify(import.meta.url);
workerThreads.Worker = class GuardedWorker extends OriginalWorker {
  constructor(filename, options = {}) {
    const code = options.eval
      ? `import(${guardUrl}).then(() => { ${filename} });`
      : `import(${guardUrl}).then(() => import(${JSON.stringify(filename instanceof URL ? filename.href : pathToFileURL(path.resolve(String(filename))).href)}));`;
    super(code, { ...options, eval: true });
  }
};

// `import { lookup } from "node:dns"` and friends see the wrapped functions too.
syncBuiltinESMExports();
// Proof, for the test reading the log, that this process (or worker) ran with the guard.
record("guard", `installed in ${workerThreads.isMainThread ? process.argv.slice(1, 3).join(" ") : `a worker thread of ${process.argv[1]}`}`, true);
