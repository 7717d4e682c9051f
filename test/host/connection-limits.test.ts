// @vitest-environment node
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MessageTransport } from "../../electron/common/contract/index.ts";
import { startBrowserHost, type BrowserHost } from "../../electron/node/host/browser-host.ts";
import { defaultConnectionLimits, nestsDeeperThan } from "../../electron/node/host/connection-guard.ts";
import { RawClient } from "./support/ws-client.ts";

/**
 * The browser host's transport with a stand-in backend: "ping" is answered at once, "wait" never is (a request
 * still running), so the connection's own limits are what the test sees.
 */
const backend = {
  connect(transport: MessageTransport) {
    return transport.onMessage((message) => {
      const { id, method } = message as { id: number; method: string };
      if (method === "ping") transport.send({ kind: "response", id, ok: true, result: { pong: true } });
    });
  },
};

const limits = { maxMessageBytes: 64 * 1024, messagesPerSecond: 20, burstMessages: 40, maxPendingRequests: 5, maxUnsentBytes: 1024 * 1024 };
let host: BrowserHost;
let rendererDir: string;
let origin: string;

beforeAll(async () => {
  rendererDir = await mkdtemp(path.join(os.tmpdir(), "edge-gemma-host-limits-"));
  host = await startBrowserHost({ backend, rendererDir, port: 0, limits });
  origin = `http://127.0.0.1:${host.port}`;
});
afterAll(async () => {
  await host.close();
  await rm(rendererDir, { recursive: true, force: true });
});

async function hostAnswers(): Promise<unknown> {
  const client = await RawClient.open(origin);
  try {
    return (await client.request("ping")).result;
  } finally {
    client.close();
  }
}

describe("the browser host's per-connection limits", () => {
  it("closes a connection that sends a frame over the size limit with 1009 and keeps serving the others", async () => {
    const bystander = await RawClient.open(origin);
    const sender = await RawClient.open(origin);
    sender.send(JSON.stringify({ kind: "request", id: 1, method: "ping", params: { text: "x".repeat(limits.maxMessageBytes) } }));
    expect((await sender.closed).code).toBe(1009);
    expect((await bystander.request("ping")).result).toEqual({ pong: true });
    bystander.close();
    expect(await hostAnswers()).toEqual({ pong: true });
  });

  it("closes a connection that sends binary frames with 1003", async () => {
    const client = await RawClient.open(origin);
    client.send(Buffer.from([0, 1, 2, 3]));
    expect(await client.closed).toEqual({ code: 1003, reason: "Only JSON text messages are accepted" });
    expect(await hostAnswers()).toEqual({ pong: true });
  });

  it("closes a connection that floods messages with 1008, after its burst", async () => {
    const client = await RawClient.open(origin);
    const answered: unknown[] = [];
    for (let i = 0; i < 500; i++) void client.request("ping").then((response) => answered.push(response));
    const closed = await client.closed;
    expect(closed).toEqual({ code: 1008, reason: `Too many messages: at most ${limits.messagesPerSecond} a second` });
    expect(answered.length).toBeGreaterThanOrEqual(limits.burstMessages - 1);
    expect(answered.length).toBeLessThan(500);
    expect(await hostAnswers()).toEqual({ pong: true });
  });

  it("answers requests beyond the pending limit with RATE_LIMITED and keeps the connection", async () => {
    const client = await RawClient.open(origin);
    for (let i = 0; i < limits.maxPendingRequests; i++) void client.request("wait");
    const refused = await client.request("wait");
    expect(refused).toMatchObject({ ok: false, error: { code: "RATE_LIMITED" } });
    expect((refused["error"] as { message: string }).message).toMatch(/at most 5/);
    expect(client.isOpen).toBe(true);
    client.close();
  });

  it("frees a pending slot when its request is answered", async () => {
    const client = await RawClient.open(origin);
    for (let i = 0; i < limits.maxPendingRequests - 1; i++) void client.request("wait");
    for (let i = 0; i < 10; i++) expect((await client.request("ping")).result).toEqual({ pong: true });
    client.close();
  });

  it("drops a message nested deeper than any real one before parsing it, and answers the next", async () => {
    const client = await RawClient.open(origin);
    const answeredIds: unknown[] = [];
    client.socket.on("message", (data) => answeredIds.push((JSON.parse(data.toString()) as { id: unknown }).id));
    const nested = (id: number, levels: number) =>
      `{"kind":"request","id":${id},"method":"ping","params":{"x":${"[".repeat(levels)}${"]".repeat(levels)}}}`;
    client.send(nested(7, 70));
    client.send(nested(8, 10));
    expect(await client.request("ping")).toMatchObject({ ok: true });
    expect(answeredIds).toContain(8);
    expect(answeredIds).not.toContain(7);
    client.close();
  });

  it("counts nesting outside strings only", () => {
    expect(nestsDeeperThan(`{"text":"${"[".repeat(100)}\\"{{{"}`, 3)).toBe(false);
    expect(nestsDeeperThan("[[[[]]]]", 3)).toBe(true);
    expect(nestsDeeperThan("[[[]]]", 3)).toBe(false);
  });

  it("uses limits that let a page work and stop a flood", () => {
    expect(defaultConnectionLimits.maxMessageBytes).toBeGreaterThanOrEqual(1_000_000 + 1024);
    expect(defaultConnectionLimits.burstMessages).toBeGreaterThan(defaultConnectionLimits.maxPendingRequests);
  });
});
