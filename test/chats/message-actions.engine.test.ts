// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineContract, type Sampling } from "../../electron/common/contract/index.ts";
import { EngineSupervisor } from "../../electron/node/services/inference/supervisor.ts";
import { spawnTestEngine } from "../support/engine.ts";
import { testLoadOptions, tinyModel } from "../support/models.ts";
import { chatHarness, recordingEngine, temporaryFolder } from "./support/chat-harness.ts";

/** `chat.continue` needs the engine's `responsePrefix` (see /tmp/chat-settings-wiring.md, "Engine"). */
const engineContinues = "responsePrefix" in engineContract.methods.generate.params.shape;

let supervisor: EngineSupervisor;
let folder: { dir: string; remove: () => Promise<void> };
let onDelta: (() => void) | undefined;
const sampling: Sampling = { maxTokens: 12, seed: 1, temperature: 0.8 };

beforeAll(async () => {
  folder = await temporaryFolder("actions");
  supervisor = new EngineSupervisor(spawnTestEngine(), testLoadOptions);
  await supervisor.loadModel(await tinyModel("q4_0"));
});
afterAll(async () => {
  supervisor.dispose();
  await folder.remove();
});

function startChats() {
  const engine = recordingEngine(supervisor);
  const harness = chatHarness({ dir: folder.dir, engine, sampling: () => ({ ...sampling }), onDelta: () => onDelta?.() });
  return { ...harness, engine };
}

describe("message actions with the real engine", () => {
  it("regenerates the last answer: both versions are kept, the selected one is the model's history", async () => {
    const { chats, engine, shown, streamed, clearDeltas, reopen } = startChats();
    const chat = await chats.create();
    sampling.seed = 1;
    const first = await chats.send(chat.id, "Name a fruit.");
    expect(first.status).toBe("complete");

    sampling.seed = 2;
    clearDeltas();
    const second = await chats.regenerate(chat.id);
    expect(second.id).toBe(first.id);
    expect(second).toMatchObject({ status: "complete", selectedAlternative: 1 });
    expect(second.text).not.toBe(first.text);
    expect(streamed(second.id)).toBe(second.text);
    expect(second.alternatives?.map((version) => version.text)).toEqual([first.text, second.text]);
    expect(second.alternatives?.[1]).toMatchObject({ stats: second.stats, modelName: second.modelName, quantization: "Q4_0", sampling: { seed: 2 } });
    expect(engine.prompts[1]).toMatchObject({ history: [], text: "Name a fruit." });

    await chats.selectAlternative(chat.id, first.id, 0);
    await chats.send(chat.id, "Why that one?");
    expect(engine.prompts[2]?.history).toEqual([
      { role: "user", text: "Name a fruit." },
      { role: "model", text: first.text },
    ]);

    const onDisk = (await reopen()).get(chat.id);
    expect(onDisk).toEqual(shown.get(chat.id));
    expect(onDisk.messages.map((message) => [message.role, message.text, message.alternatives?.length])).toEqual([
      ["user", "Name a fruit.", undefined],
      ["model", first.text, 2],
      ["user", "Why that one?", undefined],
      ["model", expect.any(String), undefined],
    ]);
  });

  it("edits a user message and answers again, replacing everything after it", async () => {
    const { chats, engine, shown, reopen } = startChats();
    const chat = await chats.create();
    await chats.send(chat.id, "First question");
    await chats.send(chat.id, "Second question");
    const firstUser = chats.get(chat.id).messages[0];
    const answer = await chats.edit(chat.id, firstUser?.id ?? "", "First question, edited");
    expect(answer).toMatchObject({ role: "model", status: "complete" });
    expect(answer.text.length).toBeGreaterThan(0);
    expect(engine.prompts.at(-1)).toMatchObject({ history: [], text: "First question, edited" });

    const onDisk = (await reopen()).get(chat.id);
    expect(onDisk).toEqual(shown.get(chat.id));
    expect(onDisk.messages.map((message) => [message.role, message.text])).toEqual([
      ["user", "First question, edited"],
      ["model", answer.text],
    ]);
  });

  it.skipIf(!engineContinues)("continues an answer cut at the token limit, and one that was stopped, appending to it", async () => {
    const { chats, engine, shown, streamed, clearDeltas, reopen } = startChats();
    const chat = await chats.create();
    sampling.maxTokens = 6;
    const cut = await chats.send(chat.id, "Tell me a long story about a robot.");
    expect(cut).toMatchObject({ status: "complete", stopReason: "maxTokens" });

    sampling.maxTokens = 8;
    clearDeltas();
    const continued = await chats.continue(chat.id);
    expect(continued.id).toBe(cut.id);
    expect(continued.text.startsWith(cut.text)).toBe(true);
    expect(continued.text.length).toBeGreaterThan(cut.text.length);
    expect(streamed(cut.id)).toBe(continued.text.slice(cut.text.length));
    expect(continued.stats?.generatedTokens).toBeGreaterThan(cut.stats?.generatedTokens ?? 0);
    expect(continued.stats?.generatedTokens).toBeLessThanOrEqual((cut.stats?.generatedTokens ?? 0) + 8);
    expect(engine.prompts.at(-1)).toMatchObject({ history: [], text: "Tell me a long story about a robot.", responsePrefix: cut.text });

    sampling.maxTokens = 400;
    onDelta = () => {
      onDelta = undefined;
      void chats.stop(chat.id);
    };
    const stopped = await chats.regenerate(chat.id);
    expect(stopped.status).toBe("stopped");
    sampling.maxTokens = 8;
    const resumed = await chats.continue(chat.id);
    expect(resumed.status).toBe("complete");
    expect(resumed.text.startsWith(stopped.text)).toBe(true);
    expect(resumed.alternatives?.map((version) => version.text)).toEqual([continued.text, resumed.text]);

    const onDisk = (await reopen()).get(chat.id);
    expect(onDisk).toEqual(shown.get(chat.id));
    expect(onDisk.messages.map((message) => [message.role, message.text, message.status])).toEqual([
      ["user", "Tell me a long story about a robot.", "complete"],
      ["model", resumed.text, "complete"],
    ]);
  });
});
