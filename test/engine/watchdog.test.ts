// @vitest-environment node
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isAppError, type EngineStatus } from "../../electron/common/contract/index.ts";
import { MemoryConversationStore } from "../../electron/node/services/chat/conversation-store.ts";
import { forkEngine } from "../../electron/node/services/inference/engine-process.ts";
import { EngineSupervisor } from "../../electron/node/services/inference/supervisor.ts";
import type { WatchdogBounds } from "../../electron/node/services/inference/watchdog.ts";
import { ClientChats } from "../chats/support/client-chats.ts";
import { spawnTestEngine } from "../support/engine.ts";
import { testLoadOptions, tinyModel } from "../support/models.ts";

/**
 * A hung engine, for real: the engine process is stopped with SIGSTOP (what a frozen or swapped-out process looks
 * like from outside: no messages, no progress) while it loads or answers.
 */
let supervisor: EngineSupervisor | undefined;
const stoppedPids: number[] = [];
afterEach(() => {
  supervisor?.dispose();
  for (const pid of stoppedPids.splice(0)) if (isAlive(pid)) process.kill(pid, "SIGKILL");
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function freeze(pid: number | undefined): number {
  if (pid === undefined) throw new Error("no engine process");
  process.kill(pid, "SIGSTOP");
  stoppedPids.push(pid);
  return pid;
}

async function until(what: string, test: () => boolean): Promise<void> {
  for (let waited = 0; !test(); waited += 20) {
    if (waited > 120_000) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function start(bounds: WatchdogBounds) {
  supervisor = new EngineSupervisor(spawnTestEngine(), testLoadOptions, bounds);
  const statuses: EngineStatus[] = [];
  supervisor.onStatus((status) => statuses.push(status));
  const deltas: string[] = [];
  const sampling = { maxTokens: 12, seed: 1 };
  const chats = new ClientChats(
    { supervisor, store: new MemoryConversationStore(), events: { changed: () => undefined }, sampling: () => sampling },
    (_conversationId, { text }) => deltas.push(text),
  );
  return { supervisor, chats, statuses, deltas, sampling };
}

// Silence is what a stopped process shows; the other bounds are far away so only the one under test can fire.
const quickSilence: WatchdogBounds = { startMs: 120_000, silentMs: 4_000, stalledMs: 120_000 };
const patient: WatchdogBounds = { startMs: 120_000, silentMs: 600_000, stalledMs: 600_000 };

// Each test loads a model twice and waits out a bound: minutes when the shared machine is busy.
const engineTestTimeout = 240_000;

describe("the engine watchdog, with a real engine process that hangs", () => {
  it("fails a load that stops responding with ENGINE_STALLED, ends that engine, and runs the load queued behind it", async () => {
    const { supervisor, chats } = start(quickSilence);
    const model = await tinyModel("q4_0");
    await supervisor.loadModel(model);
    const frozen = freeze(supervisor.pid);

    const hung = supervisor.loadModel(model).then(
      () => undefined,
      (error: unknown) => error,
    );
    const queued = supervisor.loadModel(model);

    const error = await hung;
    expect(isAppError(error, "ENGINE_STALLED")).toBe(true);
    expect((error as Error).message).toBe("The engine stopped responding for 4 s while loading the model, so it was stopped");
    const info = await queued;
    expect(info.architecture).toBe("gemma2");
    expect(supervisor.pid).not.toBe(frozen);
    await until("the frozen engine to be gone", () => !isAlive(frozen));

    const conversation = await chats.create();
    expect((await chats.send(conversation.id, "Still there?")).status).toBe("complete");
  }, engineTestTimeout);

  it("ends an answer that stops making progress, keeps the partial answer, and starts the engine again with the model", async () => {
    const { supervisor, chats, statuses, deltas, sampling } = start(quickSilence);
    await supervisor.loadModel(await tinyModel("q4_0"));
    const conversation = await chats.create();
    sampling.maxTokens = 400;
    const answering = chats.send(conversation.id, "Write a very long essay about computers.");
    await until("the first tokens", () => deltas.length >= 3);
    const frozen = freeze(supervisor.pid);

    const answer = await answering;
    expect(answer.status).toBe("error");
    expect(answer.error).toMatchObject({ code: "ENGINE_STALLED" });
    expect(answer.error?.message).toMatch(/^The engine stopped responding for 4 s while answering, so it was stopped$/);
    expect(answer.text.length).toBeGreaterThan(0);
    expect(chats.get(conversation.id).messages[1]?.text).toBe(answer.text);

    await until("the engine to be started again", () => supervisor.status.state === "ready");
    expect(statuses.map((status) => status.state)).toContain("exited");
    expect(supervisor.pid).not.toBe(frozen);
    expect(isAlive(frozen)).toBe(false);
    sampling.maxTokens = 12;
    expect((await chats.send(conversation.id, "Are you back?")).status).toBe("complete");
  }, engineTestTimeout);

  it("answers Unload while a load hangs, cancelling that load", async () => {
    const { supervisor } = start(patient);
    const model = await tinyModel("q4_0");
    await supervisor.loadModel(model);
    const frozen = freeze(supervisor.pid);
    const hung = supervisor.loadModel(model).then(
      () => undefined,
      (error: unknown) => error,
    );
    await until("the load to start", () => supervisor.status.state === "loading");

    await supervisor.unload();
    expect(supervisor.status).toEqual({ state: "no-model" });
    expect(isAppError(await hung, "CANCELLED")).toBe(true);
    await until("the frozen engine to be gone", () => !isAlive(frozen));
  }, engineTestTimeout);

  it("answers Stop when the engine does not, failing that answer with ENGINE_STALLED", async () => {
    const { supervisor, chats, deltas, sampling } = start(patient);
    await supervisor.loadModel(await tinyModel("q4_0"));
    const conversation = await chats.create();
    sampling.maxTokens = 400;
    const answering = chats.send(conversation.id, "Write a very long essay about computers.");
    await until("the first tokens", () => deltas.length >= 3);
    const frozen = freeze(supervisor.pid);

    expect(chats.stop(conversation.id)).toBe(true);
    const answer = await answering;
    expect(answer.error).toMatchObject({ code: "ENGINE_STALLED", message: "The engine did not answer Stop within 5 s, so it was stopped" });
    await until("the frozen engine to be gone", () => !isAlive(frozen));
  });
});

describe("the engine watchdog, with an engine that is alive but gets nowhere", () => {
  it("fails the load with ENGINE_STALLED once its work stops changing for the bound, and ends that engine", async () => {
    const stuck = forkEngine(path.resolve(import.meta.dirname, "support/stuck-engine.ts"), { execArgv: ["--import", "tsx"] });
    supervisor = new EngineSupervisor(stuck, testLoadOptions, { startMs: 120_000, silentMs: 120_000, stalledMs: 3_000 });
    const load = supervisor.loadModel("/models/any.gguf").then(
      () => undefined,
      (error: unknown) => error,
    );
    await until("the stand-in engine to start", () => supervisor?.pid !== undefined);
    const pid = supervisor.pid ?? 0;
    const error = await load;
    expect(isAppError(error, "ENGINE_STALLED")).toBe(true);
    expect((error as Error).message).toBe("The engine made no progress for 3 s while loading the model, so it was stopped");
    expect(supervisor.status).toMatchObject({ state: "error", error: { code: "ENGINE_STALLED" } });
    await until("the stuck engine to be gone", () => !isAlive(pid));
  }, engineTestTimeout);
});
