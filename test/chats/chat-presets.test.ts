// @vitest-environment node
import { readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isAppError, type Preset } from "../../electron/common/contract/index.ts";
import type { ContextOverflow } from "../../electron/node/services/chat/answer-settings.ts";
import { PresetStore } from "../../electron/node/services/settings/preset-store.ts";
import { chatHarness, countingIds, fakeModel, recordingEngine, scriptedEngine, temporaryFolder, tickingClock } from "./support/chat-harness.ts";

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => cleanup?.());

const settingsSampling = { temperature: 0.8, topK: 40, topP: 0.95, minP: 0.05, repeatPenalty: 1.1, repeatLastTokens: 64, maxTokens: 64 };

async function setup(options: { contextSize?: number; overflow?: ContextOverflow; defaultSystemPrompt?: string } = {}) {
  const { dir, remove } = await temporaryFolder("presets");
  cleanup = remove;
  const presets = new PresetStore({ file: path.join(dir, "presets.json"), language: () => "en", newId: countingIds("preset") });
  const engine = recordingEngine(scriptedEngine({ ...fakeModel, contextSize: options.contextSize ?? 4096 }));
  const usedModels: string[] = [];
  const harness = chatHarness({
    dir,
    engine,
    newId: countingIds(),
    now: tickingClock(),
    sampling: () => ({ ...settingsSampling }),
    defaultSystemPrompt: () => options.defaultSystemPrompt ?? "",
    more: {
      findPreset: (id) => presets.find(id),
      contextOverflow: () => options.overflow ?? "drop-oldest",
      useModel: async (modelId) => void usedModels.push(modelId),
    },
  });
  return { ...harness, engine, presets, usedModels, dir };
}

describe("presets chosen per chat", () => {
  it("overlay the settings' sampling with the preset's values, and the Code preset brings its system prompt", async () => {
    const { chats, engine, reopen } = await setup({ defaultSystemPrompt: "Be kind." });
    const chat = await chats.create();
    expect((await chats.setPreset(chat.id, "precise")).presetId).toBe("precise");
    await chats.send(chat.id, "Hello");
    expect(engine.prompts[0]).toMatchObject({ systemPrompt: "Be kind.", sampling: { ...settingsSampling, temperature: 0.2, topP: 0.9, topK: 40 } });

    await chats.setPreset(chat.id, "code");
    await chats.send(chat.id, "A loop in Python?");
    expect(engine.prompts[1]?.systemPrompt).toMatch(/programming assistant/);
    expect(engine.prompts[1]?.sampling).toMatchObject({ temperature: 0.2, maxTokens: 2048, minP: 0.05 });

    // The chat's own system prompt wins over the preset's.
    await chats.setSystemPrompt(chat.id, "Answer in haiku.");
    await chats.send(chat.id, "Again");
    expect(engine.prompts[2]?.systemPrompt).toBe("Answer in haiku.");
    expect((await reopen()).get(chat.id).presetId).toBe("code");
  });

  it("uses the user's own preset, refuses an unknown one, and forgets a deleted one", async () => {
    const { chats, engine, presets } = await setup();
    const terse = await presets.save({ preset: { name: "  Terse ", systemPrompt: "One sentence.", sampling: { temperature: 0.3 } } });
    expect(terse).toMatchObject({ name: "Terse", builtIn: false });
    const chat = await chats.create();
    await chats.setPreset(chat.id, terse.id);
    await chats.send(chat.id, "Hi");
    expect(engine.prompts[0]).toMatchObject({ systemPrompt: "One sentence.", sampling: { temperature: 0.3, topP: 0.95 } });

    const unknown = await chats.setPreset(chat.id, "nope").catch((error: unknown) => error);
    expect(isAppError(unknown, "NOT_FOUND")).toBe(true);

    expect(await presets.delete({ id: terse.id })).toEqual({ deleted: true });
    await chats.presetDeleted(terse.id);
    expect(chats.get(chat.id).presetId).toBeUndefined();
  });
});

describe("the preset file", () => {
  it("keeps the user's presets across a restart, after the four built-in ones, which cannot be changed", async () => {
    const { presets, dir } = await setup();
    await presets.save({ preset: { name: "Mine", systemPrompt: null, sampling: { topK: 20 } } });
    const again = new PresetStore({ file: path.join(dir, "presets.json"), language: () => "zh-CN" });
    await again.load();
    const list: Preset[] = again.list();
    expect(list.map((preset) => preset.name)).toEqual(["precise", "balanced", "creative", "code", "Mine"]);
    expect(list.find((preset) => preset.id === "code")?.systemPrompt).toMatch(/编程助手/);
    const refused = await again.save({ preset: { id: "precise", name: "Hacked", systemPrompt: null, sampling: {} } }).catch((error: unknown) => error);
    expect(isAppError(refused, "BAD_REQUEST")).toBe(true);
    expect(isAppError(await again.delete({ id: "code" }).catch((error: unknown) => error), "BAD_REQUEST")).toBe(true);
  });

  it("sets a damaged file aside and still offers the built-in presets", async () => {
    const { dir } = await setup();
    await writeFile(path.join(dir, "presets.json"), '{"version":1,"presets":[{"id":"x"');
    const store = new PresetStore({ file: path.join(dir, "presets.json"), language: () => "en" });
    await store.load();
    expect(store.problem).toMatch(/set aside/);
    expect(store.list()).toHaveLength(4);
    expect((await readdir(dir)).some((name) => name.startsWith("presets.json.broken-"))).toBe(true);
  });
});

describe("the chat's model, title and context meter", () => {
  it("loads the chat's model when it is chosen and before each of its answers", async () => {
    const { chats, usedModels } = await setup();
    const chat = await chats.create();
    expect((await chats.setModel(chat.id, "gemma-2-2b-it-Q4_0.gguf")).modelId).toBe("gemma-2-2b-it-Q4_0.gguf");
    await chats.send(chat.id, "Hi");
    expect(usedModels).toEqual(["gemma-2-2b-it-Q4_0.gguf", "gemma-2-2b-it-Q4_0.gguf"]);
  });

  it("retitles a chat whose first message is edited, unless the user named it", async () => {
    const { chats } = await setup();
    const chat = await chats.create();
    await chats.send(chat.id, "How hot may a Pi 5 get?");
    const first = chats.get(chat.id).messages[0];
    await chats.edit(chat.id, first?.id ?? "", "How do I cool a Pi 5?\nIt throttles.");
    expect(chats.get(chat.id).title).toBe("How do I cool a Pi 5?");

    await chats.rename(chat.id, "Cooling");
    await chats.edit(chat.id, first?.id ?? "", "Fans or heatsinks?");
    expect(chats.get(chat.id).title).toBe("Cooling");
  });

  it("meters the context as main counts it, names the message that leaves it next, and stops instead when asked to", async () => {
    const long = (label: string) => `${label} ${"word ".repeat(40)}`;
    const dropping = await setup({ contextSize: 256 });
    const chat = await dropping.chats.create();
    await dropping.chats.send(chat.id, long("one"));
    const usage = dropping.chats.contextUsage(chat.id);
    const first = dropping.chats.get(chat.id).messages[0];
    expect(usage).toMatchObject({ contextSize: 256, reservedTokens: 64, nextDroppedId: first?.id, droppedMessages: 0, overflow: "drop-oldest" });
    // 1 (start) + the user turn (≈ text / 3 + 6) + the answer ("answer 1" + 6).
    expect(usage.usedTokens).toBe(1 + Math.ceil(long("one").length / 3) + 6 + Math.ceil("answer 1".length / 3) + 6);
    await dropping.chats.send(chat.id, long("two"));
    await dropping.chats.send(chat.id, long("three"));
    expect(dropping.chats.contextUsage(chat.id).droppedMessages).toBe(2);

    const stopping = await setup({ contextSize: 256, overflow: "stop" });
    const full = await stopping.chats.create();
    await stopping.chats.send(full.id, long("one"));
    await stopping.chats.send(full.id, long("two"));
    const refused = await stopping.chats.send(full.id, long("three"));
    expect(refused).toMatchObject({ status: "error", error: { code: "CONTEXT_FULL" } });
    expect(refused.error?.message).toMatch(/Start a new chat/);
    expect(stopping.chats.get(full.id).contextStartId).toBeUndefined();
    expect(stopping.engine.prompts).toHaveLength(2);
  });
});
