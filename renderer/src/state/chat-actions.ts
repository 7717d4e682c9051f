import type { ChatSearchHit, ExportFormat } from "../../../electron/common/contract/app/chat.ts";
import type { AppClient } from "../api/client.ts";
import { copyText } from "../dom/copy-text.ts";
import { downloadFile } from "../dom/download-file.ts";
import type { AnswerCalls } from "./answer-calls.ts";
import { mergeMessage, replaceConversation } from "./app-state.ts";
import { applySummary, lastAnswer, removeConversation, setDeleted } from "./chat-state.ts";
import type { MessagePages } from "./message-pages.ts";
import type { StateContainer } from "./state-container.ts";

/** Managing chats (rename, delete + undo, search, export) and acting on their messages. */
export interface ChatActions {
  rename(conversationId: string, title: string): Promise<void>;
  /** Deletes a chat and offers "Undo" for it. */
  remove(conversationId: string): Promise<void>;
  undoRemove(): Promise<void>;
  dismissUndo(): void;
  /** Titles and message text; an empty query (or a failure, which is reported) finds nothing. */
  search(query: string): Promise<ChatSearchHit[]>;
  /** Saves the chat as a Markdown or JSON file (a download). */
  exportChat(conversationId: string, format: ExportFormat): Promise<void>;
  regenerate(conversationId: string): Promise<void>;
  /** New text for one of the user's messages: what came after it is replaced by a new answer. */
  edit(conversationId: string, messageId: string, text: string): Promise<void>;
  continueAnswer(conversationId: string): Promise<void>;
  selectAlternative(conversationId: string, messageId: string, index: number): Promise<void>;
  /** null: the default from the settings. */
  setSystemPrompt(conversationId: string, systemPrompt: string | null): Promise<void>;
  /** Copies the active chat's newest answer; false when there is none. */
  copyLastAnswer(): Promise<boolean>;
  /** Fetches the older messages of rows `start`..`end` (exclusive) that are not held yet. */
  loadMessages(conversationId: string, start: number, end: number): Promise<void>;
}

interface Dependencies {
  /** Regenerate, edit and continue stream like `chat.send`, and Stop cancels them the same way. */
  answers: AnswerCalls;
  report(error: unknown): void;
  /** Shows a conversation, fetching it when needed. */
  select(conversationId: string): Promise<void>;
  pages: MessagePages;
}

const exportTypes: Record<ExportFormat, string> = {
  markdown: "text/markdown;charset=utf-8",
  json: "application/json;charset=utf-8",
};

export function createChatActions(client: AppClient, container: StateContainer, deps: Dependencies): ChatActions {
  const { update, getState } = container;
  const { report, answers } = deps;

  return {
    async rename(conversationId, title) {
      const trimmed = title.trim();
      const current = getState().conversations.find((c) => c.id === conversationId);
      if (trimmed === "" || current?.title === trimmed) return;
      try {
        const summary = await client.call("chat.rename", { conversationId, title: trimmed });
        update((s) => applySummary(s, summary), "now");
      } catch (error) {
        report(error);
      }
    },

    async remove(conversationId) {
      const title = getState().conversations.find((c) => c.id === conversationId)?.title ?? "";
      try {
        const { restorable } = await client.call("chat.delete", { conversationId });
        update((s) => setDeleted(removeConversation(s, conversationId), restorable ? { conversationId, title } : null), "now");
      } catch (error) {
        report(error);
        return;
      }
      const next = getState().activeId;
      if (next !== null && !getState().loaded[next]) await deps.select(next);
    },

    async undoRemove() {
      const deleted = getState().deleted;
      if (!deleted) return;
      update((s) => setDeleted(s, null), "now");
      try {
        const conversation = await client.call("chat.restore", { conversationId: deleted.conversationId });
        update((s) => ({ ...replaceConversation(s, conversation), activeId: conversation.id, screen: "chat" }), "now");
      } catch (error) {
        report(error);
      }
    },

    dismissUndo() {
      update((s) => setDeleted(s, null), "now");
    },

    async search(query) {
      const trimmed = query.trim();
      if (trimmed === "") return [];
      try {
        return await client.call("chat.search", { query: trimmed.slice(0, 500) });
      } catch (error) {
        report(error);
        return [];
      }
    },

    async exportChat(conversationId, format) {
      try {
        const { fileName, content } = await client.call("chat.export", { conversationId, format });
        downloadFile(fileName, content, exportTypes[format]);
      } catch (error) {
        report(error);
      }
    },

    regenerate: (conversationId) => answers.run(conversationId, (options) => client.call("chat.regenerate", { conversationId }, options)),

    edit: (conversationId, messageId, text) =>
      answers.run(conversationId, (options) => client.call("chat.edit", { conversationId, messageId, text }, options)),

    continueAnswer: (conversationId) => answers.run(conversationId, (options) => client.call("chat.continue", { conversationId }, options)),

    async selectAlternative(conversationId, messageId, index) {
      try {
        const message = await client.call("chat.selectAlternative", { conversationId, messageId, index });
        update((s) => mergeMessage(s, conversationId, message), "now");
      } catch (error) {
        report(error);
      }
    },

    async setSystemPrompt(conversationId, systemPrompt) {
      try {
        const summary = await client.call("chat.setSystemPrompt", { conversationId, systemPrompt });
        update((s) => applySummary(s, summary), "now");
      } catch (error) {
        report(error);
      }
    },

    loadMessages: (conversationId, start, end) => deps.pages.load(conversationId, start, end),

    async copyLastAnswer() {
      const { activeId, loaded } = getState();
      const message = lastAnswer(activeId === null ? undefined : loaded[activeId]);
      if (!message) return false;
      try {
        await copyText(message.text);
        return true;
      } catch {
        return false;
      }
    },
  };
}
