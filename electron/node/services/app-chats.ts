import path from "node:path";
import type { Broadcast } from "./app-broadcast.ts";
import type { ChatBackends, ChatEngine } from "./chat/chat-dependencies.ts";
import { ChatService } from "./chat/chat-service.ts";
import { MemoryConversationStore, type ConversationStore } from "./chat/conversation-store.ts";
import { FileChatStateStore, FileConversationStore } from "./chat/file-conversation-store.ts";
import type { KeepAlive } from "./chat/keep-alive.ts";
import { samplingFrom } from "./settings/engine-settings.ts";
import type { PresetStore } from "./settings/preset-store.ts";
import type { SettingsService } from "./settings/settings-service.ts";

export interface AppChatsOptions {
  /** chats/ and chat-state.json live there; absent: in memory. */
  userDataDir: string | undefined;
  /** Overrides the chats folder (tests). */
  conversationStore: ConversationStore | undefined;
  supervisor: ChatEngine;
  backends: ChatBackends;
  settings: SettingsService;
  presets: PresetStore;
  keepAlive: KeepAlive;
  /** Loads a chat's model (AppBackend's: made the active one, unless it is loaded already). */
  useModel: (modelId: string) => Promise<void>;
  /** The local API stops a program's answer first: the person at the screen goes first. */
  beforeDesktopAnswer: (() => Promise<void>) | undefined;
  broadcast: Broadcast;
}

/** The app's chats: kept in the data folder, answered with the settings and presets of the moment, every change told to the windows. */
export function appChats(options: AppChatsOptions): ChatService {
  const { userDataDir, settings, presets, keepAlive, broadcast } = options;
  return new ChatService({
    supervisor: options.supervisor,
    backends: options.backends,
    store: options.conversationStore ?? (userDataDir ? new FileConversationStore(path.join(userDataDir, "chats")) : new MemoryConversationStore()),
    ...(userDataDir && { state: new FileChatStateStore(path.join(userDataDir, "chat-state.json")) }),
    sampling: () => samplingFrom(settings.current),
    defaultSystemPrompt: () => settings.current.chat.defaultSystemPrompt,
    findPreset: (id) => presets.find(id),
    contextOverflow: () => settings.current.chat.contextOverflow,
    configuredContextSize: () => {
      const size = settings.current.model.contextSize;
      return size === "auto" ? undefined : size;
    },
    useModel: options.useModel,
    beforePrompt: async () => {
      await options.beforeDesktopAnswer?.();
      await keepAlive.ensureLoaded();
    },
    events: {
      changed: (change) => broadcast("chat.changed", change),
      deleted: (conversationId) => broadcast("chat.deleted", { conversationId }),
    },
  });
}
