// @vitest-environment node
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appContract } from "../../electron/common/contract/index.ts";
import { defaultConnectionLimits } from "../../electron/node/host/connection-guard.ts";
import { startHost, type RunningHost } from "../e2e/support/host.ts";
import { seededRandom } from "../support/seeded-random.ts";
import { Fuzz, paramNames } from "./support/fuzz-values.ts";
import { RawClient } from "./support/ws-client.ts";

/**
 * The WebSocket fuzzer: bursts of hostile traffic against the real browser host (with its demo model loaded, so
 * chat requests reach the real engine). After every burst a new connection must get an answer to an ordinary
 * request, and at the end the host's memory must be about where it started. Replay a failure with
 * WS_FUZZ_SEED=<the printed seed>; WS_FUZZ_BURSTS sets how many bursts (default 40, about a minute here).
 */
const seed = Number(process.env["WS_FUZZ_SEED"] ?? Math.floor(Math.random() * 2 ** 31));
const bursts = Number(process.env["WS_FUZZ_BURSTS"] ?? 40);
const fuzz = new Fuzz(seededRandom(seed));
// Requests that would reach the network or load another file are left out: the fuzzer must stay offline and keep
// the demo model loaded. Everything else in the contract is fair game.
const excluded = new Set(["downloads.start", "downloads.resume", "library.import", "engine.loadModel", "library.setActive"]);
const methods = Object.keys(appContract.methods).filter((method) => !excluded.has(method));
const answerBoundMs = 30_000;

let host: RunningHost;
const log: string[] = [];

beforeAll(async () => {
  console.log(`[ws-fuzz] seed ${seed} (replay: WS_FUZZ_SEED=${seed} npx vitest run test/host/ws-fuzz.test.ts), ${bursts} bursts`);
  // Short answers: the fuzzer checks that a chat request is answered, not how much the model writes.
  host = await startHost({ demo: true, settings: { sampling: { maxTokens: 16 } } });
});
afterAll(async () => {
  await host?.stop();
});

function residentKiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!match) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]);
}

async function answered<T>(what: string, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer (seed ${seed}, after ${log.at(-1) ?? "nothing"})`)), answerBoundMs);
  });
  try {
    return await Promise.race([promise, hang]);
  } finally {
    clearTimeout(timer);
  }
}

let slowestServedMs = 0;

/** The host serves a newcomer: the test every burst is followed by. */
async function hostServes(): Promise<void> {
  const startedAt = performance.now();
  const client = await answered("connecting", RawClient.open(host.origin));
  const response = await answered("settings.get", client.request("settings.get"));
  slowestServedMs = Math.max(slowestServedMs, performance.now() - startedAt);
  client.close();
  expect(response, `seed ${seed}, after ${log.at(-1)}`).toMatchObject({ ok: true });
}

function randomRequest(id: number): unknown {
  const params = fuzz.chance(0.2) ? fuzz.json(3) : fuzz.object(3, paramNames);
  const envelope: Record<string, unknown> = { kind: "request", id, method: fuzz.chance(0.9) ? fuzz.pick(methods) : fuzz.string(), params };
  if (fuzz.chance(0.1)) envelope["id"] = fuzz.number();
  if (fuzz.chance(0.1)) envelope["kind"] = fuzz.pick(["cancel", "response", "event", "__proto__"]);
  return envelope;
}

type Burst = (client: RawClient) => Promise<void> | void;

const burstKinds: Record<string, Burst> = {
  "random JSON": (client) => {
    for (let i = 0; i < 30; i++) client.send(JSON.stringify(fuzz.json()));
  },
  "fuzzed requests": (client) => {
    for (let i = 0; i < 30; i++) client.send(JSON.stringify(randomRequest(i + 1)));
  },
  "cancels of random ids": (client) => {
    for (let i = 0; i < 30; i++) client.send(JSON.stringify({ kind: "cancel", id: fuzz.chance(0.5) ? i : fuzz.number() }));
  },
  "binary frame": (client) => client.send(Buffer.from(Array.from({ length: fuzz.int(4096) + 1 }, () => fuzz.int(256)))),
  "invalid UTF-8 text frame": (client) => client.send(Buffer.from([0x7b, 0xc3, 0x28, 0xff, 0x7d]), { binary: false }),
  "oversized frame": (client) => client.send(`"${"x".repeat(defaultConnectionLimits.maxMessageBytes + fuzz.int(1024))}"`),
  "frame just under the limit, nested 1,000,000 deep": (client) => client.send(`${"[".repeat(1_000_000)}${"]".repeat(1_000_000)}`),
  flood: (client) => {
    const message = JSON.stringify({ kind: "request", id: 1, method: "engine.getStatus", params: {} });
    for (let i = 0; i < 1000; i++) client.send(message);
  },
  "requests left pending": (client) => {
    for (let i = 0; i < defaultConnectionLimits.maxPendingRequests * 2; i++) {
      client.send(JSON.stringify({ kind: "request", id: i + 1, method: "chat.search", params: { query: fuzz.string().slice(0, 100) } }));
    }
  },
  "chat with lone surrogates and prototype keys": async (client) => {
    const created = await answered("chat.create", client.request("chat.create"));
    const conversationId = (created["result"] as { id: string } | undefined)?.id ?? "missing";
    const text = `${fuzz.pick(["\uD800", "\uDFFF", "a\uD83D"])} __proto__ constructor ${fuzz.string().slice(0, 2000)}`;
    await answered("chat.send", client.request("chat.send", { conversationId, text }));
    await answered("chat.rename", client.request("chat.rename", JSON.parse(`{"__proto__":{"isAdmin":true},"conversationId":${JSON.stringify(conversationId)},"title":"\\ud800"}`)));
  },
};

describe("the browser host under a WebSocket fuzzer", () => {
  it(
    "keeps serving after every burst, and its memory stays bounded",
    async () => {
      await hostServes();
      const rssBefore = residentKiB(host.pid);
      let rssHalfway = rssBefore;
      const closeCodes = new Map<number, number>();
      const kinds = Object.keys(burstKinds);
      let order: string[] = [];
      for (let burst = 0; burst < bursts; burst++) {
        // Every kind once per round, in a seeded order.
        if (burst % kinds.length === 0) order = [...kinds].sort(() => fuzz.random() - 0.5);
        const name = order[burst % kinds.length] ?? "flood";
        if (burst === Math.floor(bursts / 2)) rssHalfway = residentKiB(host.pid);
        log.push(`burst ${burst}: ${name}`);
        const client = await answered("connecting", RawClient.open(host.origin));
        await burstKinds[name]?.(client);
        // Let the host take the burst in before the connection goes (or see it closed by the host).
        const ping = await answered("a ping", client.request("engine.getStatus"));
        if (ping["kind"] === "closed") {
          const { code } = await client.closed;
          closeCodes.set(code, (closeCodes.get(code) ?? 0) + 1);
        }
        client.close();
        await hostServes();
      }
      const rssAfter = residentKiB(host.pid);
      console.log(
        `[ws-fuzz] seed ${seed}: ${bursts} bursts; host RSS ${Math.round(rssBefore / 1024)} MiB before, ` +
          `${Math.round(rssHalfway / 1024)} MiB halfway, ${Math.round(rssAfter / 1024)} MiB after; ` +
          `${RawClient.framesSent} frames sent; slowest answer to a newcomer after a burst ${Math.round(slowestServedMs)} ms; ` +
          `connections the host closed, by code: ${JSON.stringify(Object.fromEntries(closeCodes))}`,
      );
      // Before the host dropped over-nested messages unparsed, 110 bursts took it from 159 to 451 MiB.
      expect(rssAfter, `seed ${seed}`).toBeLessThan(rssBefore + 64 * 1024);
    },
    600_000,
  );
});
