// @vitest-environment node
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const guard = path.resolve(import.meta.dirname, "../support/network-guard.mjs");

/**
 * The guard the no-network e2e test relies on must be able to fail it: a process that deliberately goes online by
 * each route (fetch, https, tls, net, dns) is seen — and stopped before anything leaves — while loopback passes.
 */
describe("the network guard (test/support/network-guard.mjs)", () => {
  let dir: string;
  let server: Server;
  let port: number;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "edge-gemma-guard-"));
    server = createServer((_request, response) => response.end("local"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it("records and refuses every way off the machine, and lets loopback through", async () => {
    const log = path.join(dir, "attempts.jsonl");
    // Every outside target is refused by the guard before a packet is sent (the documentation address 192.0.2.1
    // would not be routed anyway).
    const script = `
      import https from "node:https"; import tls from "node:tls"; import net from "node:net"; import { lookup } from "node:dns";
      import { Worker } from "node:worker_threads";
      const outcome = (promise) => promise.then(() => "connected", (error) => error.cause?.code ?? error.code ?? error.message);
      const viaSocket = (socket) => new Promise((resolve, reject) => { socket.once("connect", resolve); socket.once("secureConnect", resolve); socket.once("error", reject); });
      const results = {
        local: await fetch("http://127.0.0.1:${port}/").then((r) => r.text()),
        fetch: await outcome(fetch("https://huggingface.co/api/models")),
        https: await outcome(new Promise((resolve, reject) => https.get("https://registry.ollama.ai/v2/", resolve).on("error", reject))),
        tls: await outcome(viaSocket(tls.connect({ host: "192.0.2.1", port: 443, servername: "example.org" }))),
        net: await outcome(viaSocket(net.connect(80, "192.0.2.1"))),
        dns: await outcome(new Promise((resolve, reject) => lookup("huggingface.co", (error, address) => (error ? reject(error) : resolve(address))))),
        // A worker thread has its own fetch (the GGUF header reader runs in one).
        worker: await new Promise((resolve) => {
          const code = 'import("node:worker_threads").then(({ parentPort }) => fetch("https://huggingface.co/x").then(() => parentPort.postMessage("connected"), (e) => parentPort.postMessage(e.cause?.code ?? e.message)));';
          new Worker(code, { eval: true }).once("message", resolve);
        }),
      };
      console.log(JSON.stringify(results));
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], {
      env: { ...process.env, NODE_OPTIONS: `--import=${guard}`, EDGE_GEMMA_NETWORK_LOG: log },
    });
    expect(JSON.parse(stdout)).toEqual({ local: "local", fetch: "ENETUNREACH", https: "ENOTFOUND", tls: "ENETUNREACH", net: "ENETUNREACH", dns: "ENOTFOUND", worker: "ENETUNREACH" });

    const attempts = (await readFile(log, "utf8")).trim().split("\n").map((line) => JSON.parse(line) as { via: string; target: string; loopback: boolean });
    const outside = attempts.filter((attempt) => !attempt.loopback).map((attempt) => `${attempt.via} ${attempt.target}`);
    expect(outside).toEqual(
      expect.arrayContaining(["fetch https://huggingface.co", "dns registry.ollama.ai", "net 192.0.2.1:443", "net 192.0.2.1:80", "dns huggingface.co"]),
    );
    expect(attempts.filter((attempt) => attempt.loopback).map((attempt) => attempt.via)).toEqual(expect.arrayContaining(["guard", "fetch", "net"]));
    expect(attempts.filter((attempt) => attempt.via === "guard").map((attempt) => attempt.target)).toContainEqual(expect.stringMatching(/^installed in a worker thread/));
  });
});
