import { toAppError } from "../../../electron/common/contract/errors.ts";
import type { AppClient } from "../api/client.ts";
import { addNotice, dismissNotice, modelPathOf, replaceConversation, setEngine, type Screen } from "./app-state.ts";
import { createAnswerCalls } from "./answer-calls.ts";
import { createChatActions, type ChatActions } from "./chat-actions.ts";
import { createLibraryActions, libraryHostOf, type LibraryActions } from "./library-actions.ts";
import { createMessagePages } from "./message-pages.ts";
import { createLibraryExtrasActions, type LibraryExtrasActions } from "./library-extras-actions.ts";
import { createPresetActions, type PresetActions } from "./preset-actions.ts";
import { createRemoteActions, type RemoteActions } from "./remote-actions.ts";
import { createSettingsActions, type SettingsActions } from "./settings-actions.ts";
import type { StateContainer } from "./state-container.ts";

export interface AppActions {
  /** "Open GGUF file…": the native file dialog, then load what was picked. */
  openModelFile(): Promise<void>;
  loadModel(path: string): Promise<void>;
  /** Reloads the last model after a crash. */
  restart(): Promise<void>;
  newChat(): Promise<void>;
  /** Opens a chat (at its newest message, or at `messageId`: a search hit). */
  selectConversation(conversationId: string, messageId?: string): Promise<void>;
  /** Sends to the active conversation (creating one first if there is none). */
  send(text: string): Promise<void>;
  /** Stops the answer to the active chat (cancels its call). */
  stop(): void;
  dismissNotice(id: number): void;
  setScreen(screen: Screen): void;
  /** The keyboard shortcut sheet. */
  showShortcuts(open: boolean): void;
  /** Shows any error from a call as a banner, except a cancellation or a crash the status bar already shows. */
  report(error: unknown): void;
  /** The model library: catalog, downloads, installed models, import, device figures. */
  library: LibraryActions;
  /** Rename, delete + undo, search, export; regenerate, edit, continue, alternatives; system prompt. */
  chats: ChatActions;
  settings: SettingsActions;
  presets: PresetActions;
  extras: LibraryExtrasActions;
  /** Other computers (Settings) and which one answers a chat. */
  remote: RemoteActions;
}

export function createActions(client: AppClient, container: StateContainer): AppActions {
  const { update, getState } = container;
  const answers = createAnswerCalls(container, (error) => actions.report(error));
  const pages = createMessagePages(client, container, (error) => actions.report(error));

  const actions: AppActions = {
    async openModelFile() {
      try {
        const { path } = await client.call("dialog.openModelFile", {});
        if (path !== null) await actions.loadModel(path);
      } catch (error) {
        actions.report(error);
      }
    },

    async loadModel(path) {
      update((s) => ({ ...s, lastModelPath: path }), "now");
      try {
        const model = await client.call("engine.loadModel", { path });
        // Main also sends `engine.status`; this only covers a status event that has not arrived yet.
        update((s) => {
          const stale = s.engine.state === "no-model" || s.engine.state === "starting" || s.engine.state === "loading";
          return stale ? setEngine(s, { state: "ready", model }) : s;
        }, "now");
      } catch (error) {
        actions.report(error);
      }
    },

    async restart() {
      const state = getState();
      const path = modelPathOf(state.engine) ?? state.lastModelPath;
      if (path !== null) await actions.loadModel(path);
    },

    async newChat() {
      const { activeId, loaded } = getState();
      const active = activeId === null ? undefined : loaded[activeId];
      if (active && active.messages.length === 0) {
        // The open chat is still empty: that is the new chat (no pile of empty ones).
        update((s) => ({ ...s, screen: "chat" }), "now");
        return;
      }
      try {
        const conversation = await client.call("chat.create", {});
        update((s) => ({ ...replaceConversation(s, conversation), activeId: conversation.id, screen: "chat" }), "now");
        void client.call("chat.open", { conversationId: conversation.id }).catch(() => undefined);
      } catch (error) {
        actions.report(error);
      }
    },

    async selectConversation(conversationId, messageId) {
      update((s) => ({ ...s, activeId: conversationId, screen: "chat", focus: null }), "now");
      try {
        // `chat.open` also remembers it as the chat to reopen after a restart.
        const conversation = await client.call("chat.open", { conversationId });
        // A copy loaded meanwhile is at least as new as this answer.
        update((s) => (s.loaded[conversationId] ? s : replaceConversation(s, conversation)), "now");
      } catch (error) {
        actions.report(error);
        return;
      }
      if (messageId !== undefined) await pages.reveal(conversationId, messageId);
    },

    async send(text) {
      let conversationId = getState().activeId;
      if (conversationId === null) {
        await actions.newChat();
        conversationId = getState().activeId;
        if (conversationId === null) return;
      }
      const id = conversationId;
      await answers.run(id, (options) => client.call("chat.send", { conversationId: id, text }, options));
    },

    stop() {
      const conversationId = getState().activeId;
      if (conversationId !== null) answers.stop(conversationId);
    },

    dismissNotice(id) {
      update((s) => dismissNotice(s, id), "now");
    },

    setScreen(screen) {
      update((s) => ({ ...s, screen }), "now");
    },

    showShortcuts(open) {
      update((s) => (s.shortcutsOpen === open ? s : { ...s, shortcutsOpen: open }), "now");
    },

    report(error) {
      const appError = toAppError(error);
      if (appError.code === "CANCELLED") return;
      if (appError.code === "ENGINE_CRASHED" && getState().engine.state === "exited") return;
      update((s) => addNotice(s, appError.code, appError.message), "now");
    },

    library: withChatAfterUse(createLibraryActions(client, libraryHostOf(container), (error) => actions.report(error)), () => actions.setScreen("chat")),
    chats: createChatActions(client, container, {
      answers,
      report: (error) => actions.report(error),
      select: (conversationId) => actions.selectConversation(conversationId),
      pages,
    }),
    settings: createSettingsActions(client, container, (error) => actions.report(error)),
    presets: createPresetActions(client, container, (error) => actions.report(error)),
    extras: createLibraryExtrasActions(client, (error) => actions.report(error)),
    remote: createRemoteActions(client, container, { answers, report: (error) => actions.report(error) }),
  };
  return actions;
}

/** "Use this model" takes the user to the chat, where the model is wanted (as LM Studio and Jan do). */
function withChatAfterUse(library: LibraryActions, showChat: () => void): LibraryActions {
  return {
    ...library,
    async setActive(id) {
      const used = await library.setActive(id);
      if (used && id !== null) showChat();
      return used;
    },
  };
}
