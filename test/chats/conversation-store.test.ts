// @vitest-environment node
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { conversationSchema, type Conversation } from "../../electron/common/contract/index.ts";
import { FileChatStateStore, FileConversationStore } from "../../electron/node/services/chat/file-conversation-store.ts";
import { chatHarness, countingIds, scriptedEngine, temporaryFolder, tickingClock } from "./support/chat-harness.ts";

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => cleanup?.());

async function folder(): Promise<string> {
  const { dir, remove } = await temporaryFolder("store");
  cleanup = remove;
  return dir;
}

function conversation(id: string, text = "Hello"): Conversation {
  return {
    id,
    title: text,
    createdAt: 1,
    updatedAt: 2,
    messages: [
      { id: `${id}-u`, role: "user", text, status: "complete", createdAt: 1 },
      { id: `${id}-m`, role: "model", text: "Hi!", status: "complete", createdAt: 2 },
    ],
  };
}

describe("the chat folder", () => {
  it("keeps one JSON file per chat and reads them back", async () => {
    const dir = path.join(await folder(), "chats");
    const store = new FileConversationStore(dir);
    await store.save(conversation("a"));
    await store.save(conversation("b", "Second"));
    await store.remove("b");
    expect(await readdir(dir)).toEqual(["a.json"]);
    expect(conversationSchema.parse(JSON.parse(await readFile(path.join(dir, "a.json"), "utf8")))).toEqual(conversation("a"));
    expect(await new FileConversationStore(dir).loadAll()).toEqual({ conversations: [conversation("a")], problems: [] });
  });

  it("writes the last of several quick saves of the same chat", async () => {
    const dir = path.join(await folder(), "chats");
    const store = new FileConversationStore(dir);
    const saves = ["one", "two", "three"].map((title) => store.save({ ...conversation("a"), title }));
    await Promise.all(saves);
    const [loaded] = (await store.loadAll()).conversations;
    expect(loaded?.title).toBe("three");
  });

  it("reports a truncated, a garbage, an invalid and a misnamed chat file, skips them and loads the others", async () => {
    const dir = path.join(await folder(), "chats");
    const store = new FileConversationStore(dir);
    await store.save(conversation("good"));
    await store.save(conversation("also-good", "Another"));
    const whole = JSON.stringify(conversation("truncated"));
    await writeFile(path.join(dir, "truncated.json"), whole.slice(0, whole.length / 2));
    await writeFile(path.join(dir, "garbage.json"), Buffer.from([0x00, 0xff, 0x13, 0x37, 0x80]));
    await writeFile(path.join(dir, "empty.json"), "");
    await writeFile(path.join(dir, "invalid.json"), JSON.stringify({ ...conversation("invalid"), messages: [{ role: "robot" }] }));
    await writeFile(path.join(dir, "misnamed.json"), JSON.stringify(conversation("other-id")));
    await writeFile(path.join(dir, ".good.json.tmp-123-abcd"), "{ half a wri");
    await writeFile(path.join(dir, "notes.txt"), "not a chat");

    const { conversations, problems } = await new FileConversationStore(dir).loadAll();
    expect(conversations.map((loaded) => loaded.id)).toEqual(["also-good", "good"]);
    expect(problems).toEqual([
      { file: path.join(dir, "empty.json"), reason: "The file is empty" },
      { file: path.join(dir, "garbage.json"), reason: "The file is not valid JSON (truncated or damaged)" },
      { file: path.join(dir, "invalid.json"), reason: expect.stringMatching(/^Not a valid chat: messages\.0/) },
      { file: path.join(dir, "misnamed.json"), reason: 'The file name does not match the chat id "other-id"' },
      { file: path.join(dir, "truncated.json"), reason: "The file is not valid JSON (truncated or damaged)" },
    ]);
    // The leftover of an interrupted write is cleared; broken chat files are left for the user.
    expect((await readdir(dir)).sort()).toEqual(
      ["also-good.json", "empty.json", "garbage.json", "good.json", "invalid.json", "misnamed.json", "notes.txt", "truncated.json"],
    );
  });
});

describe("restoring chats after a restart", () => {
  it("reloads the chats, reports the broken files and reopens the last open chat", async () => {
    const dir = await folder();
    const first = chatHarness({ dir, engine: scriptedEngine(), newId: countingIds("first"), now: tickingClock() });
    const older = await first.chats.create();
    await first.chats.send(older.id, "An older chat");
    const opened = await first.chats.create();
    await first.chats.send(opened.id, "The chat left open");
    await first.chats.open(opened.id);
    await writeFile(path.join(dir, "chats", "broken.json"), '{"id": "broken", "title": "cut o');

    const again = await first.reopen();
    expect(again.list().map((summary) => summary.title)).toEqual(["The chat left open", "An older chat"]);
    expect(again.get(opened.id)).toEqual(first.shown.get(opened.id));
    expect(again.startupState()).toEqual({
      lastOpenId: opened.id,
      problems: [{ file: path.join(dir, "chats", "broken.json"), reason: "The file is not valid JSON (truncated or damaged)" }],
    });
  });

  it("marks an answer that was still streaming when the app died as crashed, keeping its text", async () => {
    const dir = await folder();
    const saved = conversation("mid-answer");
    saved.messages[1] = { id: "mid-answer-m", role: "model", text: "Half an ans", status: "streaming", createdAt: 2 };
    await new FileConversationStore(path.join(dir, "chats")).save(saved);
    const chats = await chatHarness({ dir, engine: scriptedEngine() }).reopen();
    expect(chats.get("mid-answer").messages[1]).toMatchObject({ text: "Half an ans", status: "crashed", error: { code: "ENGINE_CRASHED" } });
  });

  it("forgets a last open chat that no longer exists, and survives a broken state file", async () => {
    const dir = await folder();
    await new FileChatStateStore(path.join(dir, "chat-state.json")).saveLastOpen("gone");
    expect((await chatHarness({ dir, engine: scriptedEngine() }).reopen()).startupState().lastOpenId).toBeNull();
    await writeFile(path.join(dir, "chat-state.json"), "{{{");
    expect(await new FileChatStateStore(path.join(dir, "chat-state.json")).loadLastOpen()).toBeNull();
  });
});
