// @vitest-environment node
import { execFileSync } from "node:child_process";
import { mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Conversation } from "../../electron/common/contract/index.ts";
import { FileChatStateStore, FileConversationStore } from "../../electron/node/services/chat/file-conversation-store.ts";
import { temporaryFolder } from "./support/chat-harness.ts";

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => cleanup?.());

/** A data folder and, beside it, a folder outside it that links may point to. */
async function dataAndOutside(): Promise<{ data: string; outside: string }> {
  const { dir, remove } = await temporaryFolder("links");
  cleanup = remove;
  const data = path.join(dir, "Edge Gemma");
  const outside = path.join(dir, "elsewhere");
  await mkdir(data);
  await mkdir(outside);
  return { data, outside };
}

function conversation(id: string, text: string): Conversation {
  return {
    id,
    title: text,
    createdAt: 1,
    updatedAt: 2,
    messages: [{ id: `${id}-u`, role: "user", text, status: "complete", createdAt: 1 }],
  };
}

const json = (value: unknown) => `${JSON.stringify(value)}\n`;

describe("the chats folder never leads out of the data folder", () => {
  it("skips a chat file that is a link to a file outside, and says so", async () => {
    const { data, outside } = await dataAndOutside();
    const chats = path.join(data, "chats");
    await mkdir(chats);
    await writeFile(path.join(outside, "secret.json"), json(conversation("secret", "someone else's file")));
    await symlink(path.join(outside, "secret.json"), path.join(chats, "secret.json"));
    await writeFile(path.join(chats, "mine.json"), json(conversation("mine", "my own chat")));

    const loaded = await new FileConversationStore(chats).loadAll();
    expect(loaded.conversations.map((c) => c.id)).toEqual(["mine"]);
    expect(loaded.problems).toEqual([
      { file: path.join(chats, "secret.json"), reason: "It is a link: Edge Gemma does not follow links out of its data folder" },
    ]);
  });

  it("reports a chats folder that is a link and writes nothing through it", async () => {
    const { data, outside } = await dataAndOutside();
    const chats = path.join(data, "chats");
    await writeFile(path.join(outside, "planted.json"), json(conversation("planted", "from outside")));
    await symlink(outside, chats);

    const store = new FileConversationStore(chats);
    const loaded = await store.loadAll();
    expect(loaded.conversations).toEqual([]);
    expect(loaded.problems).toEqual([
      {
        file: chats,
        kind: "folder",
        reason: `It is a link to ${outside}: Edge Gemma keeps its files inside its own data folder and does not follow links out of it`,
      },
    ]);
    await store.save(conversation("new", "a new chat"));
    await store.remove("planted");
    expect(await readdir(outside)).toEqual(["planted.json"]);
  });

  it("skips a FIFO and a folder named like chats instead of hanging on them", async () => {
    const { data } = await dataAndOutside();
    const chats = path.join(data, "chats");
    await mkdir(chats);
    execFileSync("mkfifo", [path.join(chats, "fifo.json")]);
    await mkdir(path.join(chats, "folder.json"));
    const loaded = await new FileConversationStore(chats).loadAll();
    expect(loaded.problems).toEqual([
      { file: path.join(chats, "fifo.json"), reason: "It is not a regular file" },
      { file: path.join(chats, "folder.json"), reason: "It is not a regular file" },
    ]);
  });

  it("does not follow a chat-state file that is a link", async () => {
    const { data, outside } = await dataAndOutside();
    await writeFile(path.join(outside, "state.json"), json({ lastOpenId: "planted" }));
    await symlink(path.join(outside, "state.json"), path.join(data, "chat-state.json"));
    const state = new FileChatStateStore(path.join(data, "chat-state.json"));
    expect(await state.loadLastOpen()).toBeNull();
    await state.saveLastOpen("mine");
    expect(await readFile(path.join(outside, "state.json"), "utf8")).toBe(json({ lastOpenId: "planted" }));
    expect(await state.loadLastOpen()).toBe("mine");
  });
});
