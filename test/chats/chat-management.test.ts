// @vitest-environment node
import { afterEach, describe, expect, it } from "vitest";
import { isAppError } from "../../electron/common/contract/index.ts";
import { chatHarness, countingIds, fakeModel, recordingEngine, scriptedEngine, temporaryFolder, tickingClock } from "./support/chat-harness.ts";

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => cleanup?.());

async function setup(options: { contextSize?: number; defaultSystemPrompt?: string; maxTokens?: number } = {}) {
  const { dir, remove } = await temporaryFolder("manage");
  cleanup = remove;
  const engine = recordingEngine(scriptedEngine({ ...fakeModel, contextSize: options.contextSize ?? 4096 }));
  const harness = chatHarness({
    dir,
    engine,
    newId: countingIds(),
    now: tickingClock(),
    sampling: () => ({ maxTokens: options.maxTokens ?? 64 }),
    defaultSystemPrompt: () => options.defaultSystemPrompt ?? "",
  });
  return { ...harness, engine };
}

async function expectAppError(promise: Promise<unknown>, code: string) {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(isAppError(error, code as never), `expected ${code}, got ${String(error)}`).toBe(true);
}

describe("managing chats", () => {
  it("renames a chat and keeps the new title after a restart", async () => {
    const { chats, reopen } = await setup();
    const chat = await chats.create();
    expect(await chats.rename(chat.id, "  Pi cooling  ")).toMatchObject({ id: chat.id, title: "Pi cooling" });
    expect((await reopen()).get(chat.id).title).toBe("Pi cooling");
  });

  it("deletes a chat, restores it until the next delete, then it is gone for good", async () => {
    const { chats, deleted, reopen } = await setup();
    const first = await chats.create();
    await chats.send(first.id, "Keep me");
    const second = await chats.create();
    await chats.open(first.id);

    expect(await chats.delete(first.id)).toEqual({ restorable: true });
    expect(deleted).toEqual([first.id]);
    expect(chats.list().map((summary) => summary.id)).toEqual([second.id]);
    expect((await reopen()).list().map((summary) => summary.id)).toEqual([second.id]);
    expect((await reopen()).startupState().lastOpenId).toBeNull();

    const restored = await chats.restoreDeleted(first.id);
    expect(restored.messages.map((message) => message.text)).toEqual(["Keep me", "answer 1"]);
    expect((await reopen()).list()).toHaveLength(2);

    await chats.delete(first.id);
    await chats.delete(second.id);
    await expectAppError(chats.restoreDeleted(first.id), "NOT_FOUND");
    expect((await chats.restoreDeleted(second.id)).id).toBe(second.id);
  });

  it("searches titles and message text, case-insensitively, with a snippet around the match", async () => {
    const { chats } = await setup();
    const cooling = await chats.create();
    await chats.send(cooling.id, "How do I keep my Raspberry Pi cool when it runs Gemma for hours without throttling?");
    const titled = await chats.create();
    await chats.rename(titled.id, "Raspberry recipes");
    await chats.create();

    const hits = chats.search("raspberry PI");
    expect(hits.map((hit) => [hit.id, hit.messageId, hit.snippet])).toEqual([
      [cooling.id, chats.get(cooling.id).messages[0]?.id, "How do I keep my Raspberry Pi cool when it runs Gemma for hours…"],
    ]);
    expect(chats.search("RECIPES").map((hit) => [hit.id, hit.messageId, hit.snippet])).toEqual([[titled.id, null, "Raspberry recipes"]]);
    expect(chats.search("answer 1").map((hit) => hit.id)).toEqual([cooling.id]);
    expect(chats.search("nothing like this")).toEqual([]);
  });

  it("passes the default system prompt, or the chat's own, to the engine", async () => {
    const { chats, engine } = await setup({ defaultSystemPrompt: "Answer briefly." });
    const chat = await chats.create();
    await chats.send(chat.id, "One");
    await chats.setSystemPrompt(chat.id, "Answer like a pirate.");
    await chats.send(chat.id, "Two");
    await chats.setSystemPrompt(chat.id, "");
    await chats.send(chat.id, "Three");
    await chats.setSystemPrompt(chat.id, null);
    await chats.send(chat.id, "Four");
    expect(engine.prompts.map((prompt) => prompt.systemPrompt)).toEqual(["Answer briefly.", "Answer like a pirate.", undefined, "Answer briefly."]);
    expect(chats.get(chat.id).systemPrompt).toBeUndefined();
  });
});

describe("message actions", () => {
  it("regenerates the last answer as a new version; the selected version is what the model sees next", async () => {
    const { chats, engine, shown, reopen } = await setup();
    const chat = await chats.create();
    await chats.send(chat.id, "Question");
    const second = await chats.regenerate(chat.id);
    expect(second).toMatchObject({ text: "answer 2", status: "complete", selectedAlternative: 1 });
    expect(second.alternatives?.map((version) => version.text)).toEqual(["answer 1", "answer 2"]);
    expect(engine.prompts[1]).toMatchObject({ history: [], text: "Question" });

    const first = await chats.selectAlternative(chat.id, second.id, 0);
    expect(first).toMatchObject({ text: "answer 1", selectedAlternative: 0 });
    await chats.send(chat.id, "Follow-up");
    expect(engine.prompts[2]?.history).toEqual([
      { role: "user", text: "Question" },
      { role: "model", text: "answer 1" },
    ]);
    expect((await reopen()).get(chat.id)).toEqual(shown.get(chat.id));
    await expectAppError(chats.selectAlternative(chat.id, second.id, 5), "BAD_REQUEST");
  });

  it("edits a user message: what came after it is replaced by a new answer", async () => {
    const { chats, engine, shown, reopen } = await setup();
    const chat = await chats.create();
    await chats.send(chat.id, "First");
    await chats.send(chat.id, "Second");
    const [firstUser] = chats.get(chat.id).messages;
    await chats.edit(chat.id, firstUser?.id ?? "", "First, edited");
    expect(chats.get(chat.id).messages.map((message) => [message.role, message.text])).toEqual([
      ["user", "First, edited"],
      ["model", "answer 3"],
    ]);
    expect(engine.prompts.at(-1)).toMatchObject({ history: [], text: "First, edited" });
    expect((await reopen()).get(chat.id)).toEqual(shown.get(chat.id));
    await expectAppError(chats.edit(chat.id, chats.get(chat.id).messages[1]?.id ?? "", "no"), "BAD_REQUEST");
  });

  it("continues only an answer that ended early, passing its text as the start of the reply", async () => {
    const { chats, engine } = await setup();
    const chat = await chats.create();
    await chats.send(chat.id, "Tell me more");
    await expectAppError(chats.continue(chat.id), "BAD_REQUEST");

    engine.generate = async (request, { onDelta }) => {
      onDelta?.({ text: "Half", tokens: 1 });
      return { stopReason: "maxTokens", stats: { ...(await scriptedEngine().generate(request, {})).stats } };
    };
    const cut = await chats.regenerate(chat.id);
    expect(cut).toMatchObject({ text: "Half", status: "complete", stopReason: "maxTokens" });
    engine.generate = scriptedEngine().generate;
    const continued = await chats.continue(chat.id);
    expect(continued).toMatchObject({ text: "Halfanswer 1", status: "complete", stopReason: "end", selectedAlternative: 1 });
    expect(continued.alternatives?.[1]?.text).toBe("Halfanswer 1");
    expect(continued.stats?.generatedTokens).toBe(10);
  });

  it("refuses a second prompt while one is being answered", async () => {
    const { chats, engine } = await setup();
    const chat = await chats.create();
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const inner = engine.generate;
    engine.generate = async (request, options) => (await released, inner(request, options));
    const pending = chats.send(chat.id, "Slow one");
    await expectAppError(chats.send(chat.id, "Too soon"), "ENGINE_BUSY");
    await expectAppError(chats.delete(chat.id), "ENGINE_BUSY");
    release();
    expect((await pending).status).toBe("complete");
  });
});

describe("a chat that outgrows the context", () => {
  it("drops the oldest turns (keeping the system prompt), marks where the context starts, and keeps that start", async () => {
    const { chats, engine, reopen } = await setup({ contextSize: 256, maxTokens: 64, defaultSystemPrompt: "Be kind." });
    const chat = await chats.create();
    const long = (label: string) => `${label} ${"word ".repeat(40)}`;
    await chats.send(chat.id, long("one"));
    await chats.send(chat.id, long("two"));
    expect(chats.get(chat.id).contextStartId).toBeUndefined();
    await chats.send(chat.id, long("three"));

    const messages = chats.get(chat.id).messages;
    const started = chats.get(chat.id).contextStartId;
    expect(started).toBe(messages[2]?.id);
    expect(engine.prompts[2]).toMatchObject({ systemPrompt: "Be kind.", history: [{ role: "user", text: long("two") }, { role: "model", text: "answer 2" }] });

    await chats.send(chat.id, "short");
    expect(engine.prompts[3]?.history[0]).toEqual({ role: "user", text: long("two") });
    expect((await reopen()).get(chat.id).contextStartId).toBe(started);
  });
});
