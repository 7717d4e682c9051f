// @vitest-environment node
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, createRpcClient, defineContract, serveRpc } from "../../electron/common/contract/index.ts";
import { memoryTransportPair } from "../support/memory-transport.ts";

const contract = defineContract({
  methods: {
    add: { params: z.strictObject({ a: z.number(), b: z.number() }), result: z.number() },
    wait: { params: z.strictObject({}), result: z.string() },
    fail: { params: z.strictObject({}), result: z.null() },
    failLong: { params: z.strictObject({}), result: z.null() },
    count: { params: z.strictObject({ to: z.number() }), progress: z.strictObject({ n: z.number().int() }), result: z.strictObject({ counted: z.number() }) },
  },
  events: { tick: z.strictObject({ n: z.number() }) },
});

function connect() {
  const [clientEnd, serverEnd] = memoryTransportPair();
  let cancelledReason: unknown;
  const server = serveRpc(serverEnd, contract, {
    add: ({ a, b }) => a + b,
    wait: (_params, { signal }) =>
      new Promise((_resolve, reject) =>
        signal.addEventListener("abort", () => {
          cancelledReason = signal.reason;
          reject(signal.reason);
        }),
      ),
    fail: () => {
      throw new AppError("UNAVAILABLE", "Needs 2.1 GB, 1.2 GB available", { reason: "disk-space", needBytes: 2.1e9, freeBytes: 1.2e9 });
    },
    failLong: () => {
      throw new Error(`Bad key ${"\u0001".repeat(50_000)}`);
    },
    count: async ({ to }, { signal, progress }) => {
      let n = 0;
      while (n < to && !signal.aborted) {
        progress({ n: ++n });
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      // Sent after the answer: the caller must never see it.
      setTimeout(() => progress({ n: -1 }), 0);
      return { counted: n };
    },
  });
  const client = createRpcClient(clientEnd, contract, { validateIncoming: true });
  return { server, client, cancelledReason: () => cancelledReason };
}

describe("the RPC layer", () => {
  it("matches responses to requests by id", async () => {
    const { client } = connect();
    const results = await Promise.all([client.call("add", { a: 1, b: 2 }), client.call("add", { a: 10, b: 20 })]);
    expect(results).toEqual([3, 30]);
  });

  it("rebuilds a thrown AppError with its code, message and details", async () => {
    const { client } = connect();
    const error = await client.call("fail", {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "UNAVAILABLE", message: "Needs 2.1 GB, 1.2 GB available", details: { reason: "disk-space", needBytes: 2.1e9, freeBytes: 1.2e9 } });
  });

  it("answers an error whose message is too long for the wire, cut short, instead of leaving the caller waiting", async () => {
    const { client } = connect();
    const error = await client.call("failLong", {}).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "INTERNAL" });
    expect((error as AppError).message.startsWith("Bad key")).toBe(true);
    expect((error as AppError).message.length).toBe(20_000);
    expect((error as AppError).message.endsWith("…")).toBe(true);
  });

  it("cancels a request: the handler's signal aborts and the caller gets CANCELLED", async () => {
    const { client, cancelledReason } = connect();
    const controller = new AbortController();
    const call = client.call("wait", {}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    await expect(call).rejects.toMatchObject({ code: "CANCELLED" });
    expect(cancelledReason()).toMatchObject({ code: "CANCELLED" });
  });

  it("reports a call's progress to that call alone, in order, and nothing after its answer", async () => {
    const { client } = connect();
    const first: number[] = [];
    const second: number[] = [];
    const [a, b] = await Promise.all([
      client.call("count", { to: 3 }, { onProgress: ({ n }) => first.push(n) }),
      client.call("count", { to: 5 }, { onProgress: ({ n }) => second.push(n) }),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect([a, b]).toEqual([{ counted: 3 }, { counted: 5 }]);
    expect(first).toEqual([1, 2, 3]);
    expect(second).toEqual([1, 2, 3, 4, 5]);
  });

  it("cancels a call that reports progress: the handler ends early and answers with what it has", async () => {
    const { client } = connect();
    const controller = new AbortController();
    const seen: number[] = [];
    const result = await client.call("count", { to: 1_000 }, {
      signal: controller.signal,
      onProgress: ({ n }) => {
        seen.push(n);
        if (n === 2) controller.abort();
      },
    });
    expect(result.counted).toBeLessThan(1_000);
    expect(seen).toEqual(Array.from({ length: result.counted }, (_, index) => index + 1));
  });

  it("drops progress that does not match the method's schema, and progress for a method that reports none", async () => {
    const [clientEnd, serverEnd] = memoryTransportPair();
    const rejected: string[] = [];
    const client = createRpcClient(clientEnd, contract, { validateIncoming: true, onRejected: (reason) => rejected.push(reason) });
    serverEnd.onMessage((message) => {
      const { id, method } = message as { id: number; method: string };
      serverEnd.send({ kind: "progress", id, payload: { n: "many" } });
      serverEnd.send({ kind: "progress", id, payload: { n: 1 } });
      serverEnd.send({ kind: "response", id, ok: true, result: method === "count" ? { counted: 1 } : 2 });
    });
    const seen: unknown[] = [];
    expect(await client.call("count", { to: 1 }, { onProgress: (payload) => seen.push(payload) })).toEqual({ counted: 1 });
    expect(await client.call("add", { a: 1, b: 1 })).toBe(2);
    expect(seen).toEqual([{ n: 1 }]);
    expect(rejected).toEqual(["bad progress for count", "progress for add, which reports none", "progress for add, which reports none"]);
  });

  it("delivers events to listeners until they unsubscribe", async () => {
    const { client, server } = connect();
    const received: number[] = [];
    const unsubscribe = client.on("tick", ({ n }) => received.push(n));
    server.emit("tick", { n: 1 });
    await client.call("add", { a: 0, b: 0 });
    unsubscribe();
    server.emit("tick", { n: 2 });
    await client.call("add", { a: 0, b: 0 });
    expect(received).toEqual([1]);
  });

  it("rejects every pending call when the channel closes, with the reason given", async () => {
    const { client } = connect();
    const call = client.call("wait", {});
    client.close(new AppError("ENGINE_CRASHED", "The engine stopped unexpectedly"));
    await expect(call).rejects.toMatchObject({ code: "ENGINE_CRASHED" });
    await expect(client.call("add", { a: 1, b: 1 })).rejects.toMatchObject({ code: "ENGINE_CRASHED" });
  });
});
