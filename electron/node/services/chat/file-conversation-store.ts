import { mkdir, readdir, unlink } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { conversationSchema, idSchema, type ChatLoadProblem, type Conversation } from "../../../common/contract/index.ts";
import { isAtomicTempFile, WriteQueue, writeFileAtomic } from "../storage/atomic-write.ts";
import { checkDataSubfolder, readContainedFile } from "../storage/contained-files.ts";
import type { ChatStateStore, ConversationStore, LoadedConversations } from "./conversation-store.ts";

/** Far beyond any real chat (a message holds at most 1 MB of text), so a planted huge file is refused, not read. */
const maxChatFileBytes = 256 * 1024 * 1024;

/**
 * One JSON file per chat, `<dir>/<id>.json`, each written atomically. A file that is truncated, not
 * JSON or not a valid chat is reported as a problem and skipped; the others load. Links are never followed: a
 * chat file that is a link is skipped, and a chats folder that is a link is reported and left alone — the chats
 * of that session then live in memory only.
 */
export class FileConversationStore implements ConversationStore {
  private readonly writes = new WriteQueue();
  private folderRefused = false;

  constructor(private readonly dir: string) {}

  async loadAll(): Promise<LoadedConversations> {
    const folder = await checkDataSubfolder(this.dir);
    if (!folder.ok) {
      this.folderRefused = true;
      return { conversations: [], problems: [{ file: this.dir, reason: folder.reason, kind: "folder" }] };
    }
    const conversations: Conversation[] = [];
    const problems: ChatLoadProblem[] = [];
    for (const name of (await readdir(this.dir)).sort()) {
      const file = path.join(this.dir, name);
      if (isAtomicTempFile(name)) {
        // Left by a write that was interrupted before its rename: the chat file itself is intact.
        await unlink(file).catch(() => undefined);
        continue;
      }
      if (!name.endsWith(".json")) continue;
      const loaded = await readConversation(file, name.slice(0, -".json".length));
      if ("reason" in loaded) problems.push({ file, reason: loaded.reason });
      else conversations.push(loaded.conversation);
    }
    return { conversations, problems };
  }

  save(conversation: Conversation): Promise<void> {
    const content = `${JSON.stringify(conversation, null, 1)}\n`;
    return this.writes.run(conversation.id, async () => {
      if (this.folderRefused || !(await checkDataSubfolder(this.dir)).ok) return;
      await writeFileAtomic(this.fileOf(conversation.id), content);
    });
  }

  remove(conversationId: string): Promise<void> {
    return this.writes.run(conversationId, async () => {
      if (this.folderRefused) return;
      await unlink(this.fileOf(conversationId)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "ENOENT") throw error;
      });
    });
  }

  /** Resolves when every save and removal asked for so far is on disk. */
  flushed(): Promise<void> {
    return this.writes.idle();
  }

  private fileOf(conversationId: string): string {
    return path.join(this.dir, `${idSchema.parse(conversationId)}.json`);
  }
}

async function readConversation(file: string, idFromName: string): Promise<{ conversation: Conversation } | { reason: string }> {
  const read = await readContainedFile(file, maxChatFileBytes);
  if (!read.ok) return { reason: read.reason };
  const text = read.bytes.toString("utf8");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { reason: text.trim() === "" ? "The file is empty" : "The file is not valid JSON (truncated or damaged)" };
  }
  const parsed = conversationSchema.safeParse(json);
  if (!parsed.success) return { reason: `Not a valid chat: ${describeIssue(parsed.error)}` };
  if (parsed.data.id !== idFromName) return { reason: `The file name does not match the chat id "${parsed.data.id}"` };
  return { conversation: parsed.data };
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid";
  return issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message;
}

const chatStateSchema = z.object({ lastOpenId: idSchema.nullable().catch(null) });

/** `<userData>/chat-state.json`: the chat to reopen after a restart. A missing or broken file means none. */
export class FileChatStateStore implements ChatStateStore {
  private readonly writes = new WriteQueue();

  constructor(private readonly file: string) {}

  async loadLastOpen(): Promise<string | null> {
    try {
      const read = await readContainedFile(this.file, 64 * 1024);
      if (!read.ok) return null;
      const parsed = chatStateSchema.safeParse(JSON.parse(read.bytes.toString("utf8")));
      return parsed.success ? parsed.data.lastOpenId : null;
    } catch {
      return null;
    }
  }

  saveLastOpen(conversationId: string | null): Promise<void> {
    return this.writes.run("state", async () => {
      await mkdir(path.dirname(this.file), { recursive: true });
      await writeFileAtomic(this.file, `${JSON.stringify({ lastOpenId: conversationId })}\n`);
    });
  }
}
