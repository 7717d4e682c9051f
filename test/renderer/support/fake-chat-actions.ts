import type { AppContract } from "../../../electron/common/contract/app-contract.ts";
import type { ChatMessage, ChatSearchHit, Conversation } from "../../../electron/common/contract/app/chat.ts";
import { AppError } from "../../../electron/common/contract/errors.ts";
import type { Handlers } from "../../../electron/common/rpc/rpc-server.ts";
import { openedChat } from "../../../electron/node/services/chat/chat-pages.ts";
import type { FakeMain } from "./fake-main.ts";

type ChatActionMethod =
  | "chat.state"
  | "chat.open"
  | "chat.rename"
  | "chat.setSystemPrompt"
  | "chat.setPreset"
  | "chat.setModel"
  | "chat.setBackend"
  | "chat.contextUsage"
  | "chat.delete"
  | "chat.restore"
  | "chat.search"
  | "chat.export"
  | "chat.regenerate"
  | "chat.edit"
  | "chat.continue"
  | "chat.selectAlternative";

const summaryOf = ({ messages: _messages, ...summary }: Conversation) => summary;

function versionOf({ id: _id, role: _role, alternatives: _a, selectedAlternative: _s, ...version }: ChatMessage) {
  return structuredClone(version);
}

function lastModelMessage(conversation: Conversation): ChatMessage {
  const last = conversation.messages.at(-1);
  if (last?.role !== "model") throw new AppError("BAD_REQUEST", "There is no answer to regenerate");
  return last;
}

/** Rename, delete + restore, search, export and the message actions, as ChatService does them (simplified). */
export function chatActionHandlers(main: FakeMain): Pick<Handlers<AppContract>, ChatActionMethod> {
  let deleted: Conversation | undefined;
  return {
    "chat.state": () => ({ lastOpenId: main.lastOpenId, problems: main.problems }),
    "chat.open": ({ conversationId }) => {
      const conversation = main.find(conversationId);
      main.lastOpenId = conversationId;
      return structuredClone(openedChat(conversation));
    },
    "chat.rename": ({ conversationId, title }) => {
      const conversation = main.find(conversationId);
      conversation.title = title;
      main.updated(conversation);
      return summaryOf(structuredClone(conversation));
    },
    "chat.setSystemPrompt": ({ conversationId, systemPrompt }) => {
      const conversation = main.find(conversationId);
      if (systemPrompt === null) delete conversation.systemPrompt;
      else conversation.systemPrompt = systemPrompt;
      main.updated(conversation);
      return summaryOf(structuredClone(conversation));
    },
    "chat.setPreset": ({ conversationId, presetId }) => {
      const conversation = main.find(conversationId);
      if (presetId === null) delete conversation.presetId;
      else conversation.presetId = presetId;
      main.updated(conversation);
      return summaryOf(structuredClone(conversation));
    },
    "chat.setModel": ({ conversationId, modelId }) => {
      const conversation = main.find(conversationId);
      if (modelId === null) delete conversation.modelId;
      else conversation.modelId = modelId;
      main.updated(conversation);
      return summaryOf(structuredClone(conversation));
    },
    "chat.setBackend": ({ conversationId, backend }) => {
      const conversation = main.find(conversationId);
      conversation.backend = main.recordedBackend(backend);
      main.updated(conversation);
      return summaryOf(structuredClone(conversation));
    },
    "chat.contextUsage": ({ conversationId }) => main.contextUsage(main.find(conversationId)),
    "chat.delete": ({ conversationId }) => {
      deleted = main.find(conversationId);
      main.conversations.delete(conversationId);
      main.emit("chat.deleted", { conversationId });
      return { restorable: true };
    },
    "chat.restore": ({ conversationId }) => {
      if (deleted?.id !== conversationId) throw new AppError("NOT_FOUND", "This chat can no longer be restored");
      main.conversations.set(conversationId, deleted);
      main.updated(deleted);
      deleted = undefined;
      return structuredClone(main.find(conversationId));
    },
    "chat.search": ({ query }) => {
      const needle = query.toLowerCase();
      const hits: ChatSearchHit[] = [];
      for (const conversation of main.conversations.values()) {
        const message = conversation.messages.find((m) => m.text.toLowerCase().includes(needle));
        if (conversation.title.toLowerCase().includes(needle)) {
          hits.push({ ...summaryOf(conversation), snippet: conversation.title, messageId: null });
        } else if (message) {
          hits.push({ ...summaryOf(conversation), snippet: `…${message.text}…`, messageId: message.id });
        }
      }
      return structuredClone(hits.sort((a, b) => b.updatedAt - a.updatedAt));
    },
    "chat.export": ({ conversationId, format }) => {
      const conversation = main.find(conversationId);
      if (format === "json") return { fileName: `${conversation.title}.json`, content: JSON.stringify(conversation) };
      const body = conversation.messages.map((m) => `**${m.role}**: ${m.text}`).join("\n\n");
      return { fileName: `${conversation.title}.md`, content: `# ${conversation.title}\n\n${body}\n` };
    },
    "chat.regenerate": ({ conversationId }, context) => {
      const conversation = main.find(conversationId);
      const answer = lastModelMessage(conversation);
      const alternatives = answer.alternatives ?? [versionOf(answer)];
      alternatives.push({ text: "", status: "streaming", createdAt: 9000 });
      delete answer.stats;
      Object.assign(answer, { text: "", status: "streaming", alternatives, selectedAlternative: alternatives.length - 1 });
      return main.startAnswer(conversation, answer, context);
    },
    "chat.edit": ({ conversationId, messageId, text }, context) => {
      const conversation = main.find(conversationId);
      const index = conversation.messages.findIndex((m) => m.id === messageId);
      const user = conversation.messages[index];
      if (user?.role !== "user") throw new AppError("BAD_REQUEST", "Only your own messages can be edited");
      user.text = text;
      const answer: ChatMessage = { id: main.newId(), role: "model", text: "", status: "streaming", createdAt: 9000 };
      const dropped = conversation.messages.splice(index + 1, conversation.messages.length, answer);
      return main.startAnswer(conversation, answer, context, [user], dropped.map((m) => m.id));
    },
    "chat.continue": ({ conversationId, backend }, context) => {
      const conversation = main.find(conversationId);
      if (backend) conversation.backend = main.recordedBackend(backend);
      const answer = lastModelMessage(conversation);
      if (answer.status === "complete") throw new AppError("BAD_REQUEST", "Only an answer that ended early can be continued");
      answer.status = "streaming";
      delete answer.error;
      if (conversation.backend) answer.backend = conversation.backend;
      return main.startAnswer(conversation, answer, context);
    },
    "chat.selectAlternative": ({ conversationId, messageId, index }) => {
      const conversation = main.find(conversationId);
      const message = conversation.messages.find((m) => m.id === messageId);
      const version = message?.alternatives?.[index];
      if (!message || !version) throw new AppError("BAD_REQUEST", `This message has no version ${index + 1}`);
      delete message.stats;
      Object.assign(message, structuredClone(version), { selectedAlternative: index });
      main.updated(conversation);
      return structuredClone(message);
    },
  };
}
