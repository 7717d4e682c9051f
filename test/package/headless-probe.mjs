// Runs INSIDE the arm64 root, with the arm64 Node (test/package/headless-checks.mjs copies it there):
//   node headless-probe.mjs <ws package folder>
// Starts the installed `/usr/bin/edge-gemma --headless` twice — on loopback with the API, then on the network —
// asks each what a browser or an API client would, stops it with SIGTERM as systemd does, and prints one JSON line.
// Only Node built-ins and the installed app's own `ws` (a browser sends an Origin header, fetch cannot).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";

const [wsPackage] = process.argv.slice(2);
const WebSocket = createRequire(import.meta.url)(wsPackage);
const startTimeoutMs = 8 * 60_000; // node, zod and the services load under qemu on one emulated core

function start(args) {
  const child = spawn("/usr/bin/edge-gemma", ["--headless", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address printed in ${startTimeoutMs / 1000} s:\n${output}`)), startTimeoutMs);
    const onData = (chunk) => {
      output += chunk;
      if (/^Data folder: .+$/m.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`exited before serving (code ${code}, signal ${signal}):\n${output}`));
    });
  });
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  return {
    ready: ready.then(() => ({
      url: /serving on (http:\/\/\S+)/.exec(output)?.[1],
      apiUrl: /API is serving on (http:\/\/\S+)/.exec(output)?.[1],
      dataFolder: /^Data folder: (.+)$/m.exec(output)?.[1],
    })),
    output: () => output,
    async stop() {
      child.kill("SIGTERM");
      return exited;
    },
  };
}

async function rpcCall(pageUrl, method, params) {
  const url = new URL(pageUrl);
  const socket = new WebSocket(`ws://${url.host}/rpc${url.search}`, { origin: `http://${url.host}` });
  try {
    return await new Promise((resolve, reject) => {
      socket.on("error", reject);
      socket.on("open", () => socket.send(JSON.stringify({ kind: "request", id: 1, method, params })));
      socket.on("message", (data) => {
        const message = JSON.parse(String(data));
        if (message.kind === "response" && message.id === 1) resolve(message);
      });
    });
  } finally {
    socket.terminate();
  }
}

async function page(url) {
  const response = await fetch(url);
  const body = await response.text();
  return { status: response.status, title: /<title>([^<]*)<\/title>/.exec(body)?.[1] ?? null, csp: response.headers.get("content-security-policy") };
}

const result = { ok: false };
try {
  const loopback = start(["--port", "0", "--api-port", "0"]);
  const served = await loopback.ready;
  result.loopback = { ...served, page: await page(served.url) };
  const settings = await rpcCall(served.url, "settings.get", {});
  result.loopback.rpc = { ok: settings.ok, hasSettings: Boolean(settings.result?.settings), error: settings.error ?? null };
  result.loopback.apiVersion = await (await fetch(`${served.apiUrl}/api/version`)).json();
  result.loopback.apiTags = (await (await fetch(`${served.apiUrl}/api/tags`)).json()).models?.map((m) => m.name) ?? null;
  result.loopback.dataFolderExists = served.dataFolder ? existsSync(served.dataFolder) : false;
  result.loopback.stopped = await loopback.stop();

  const lan = start(["--host", "0.0.0.0", "--port", "0", "--no-api"]);
  const lanServed = await lan.ready;
  const port = new URL(lanServed.url).port;
  const token = new URL(lanServed.url).searchParams.get("token");
  result.lan = {
    hasToken: Boolean(token),
    apiStarted: Boolean(lanServed.apiUrl),
    withoutToken: (await fetch(`http://127.0.0.1:${port}/`)).status,
    withToken: (await page(`http://127.0.0.1:${port}/?token=${token}`)).status,
  };
  result.lan.stopped = await lan.stop();
  result.ok = true;
} catch (error) {
  result.error = error instanceof Error ? error.message : String(error);
}
console.log(JSON.stringify(result));
process.exit(0);
