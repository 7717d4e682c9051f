import type { ProgramActivity } from "../../../electron/common/contract/app/api-activity.ts";
import type { ChatChange, ChatMessage, Conversation, ConversationSummary, MessagePage, OpenedChat } from "../../../electron/common/contract/app/chat.ts";
import type { EngineStatus } from "../../../electron/common/contract/app/engine.ts";
import type { Preset } from "../../../electron/common/contract/app/presets.ts";
import type { GenerationDelta } from "../../../electron/common/contract/chat-types.ts";
import type { ErrorCode } from "../../../electron/common/contract/errors.ts";
import { applyPagedChange, loadedChat, withMessage, withPage, type LoadedChat } from "./chat-pages.ts";
import type { DeletedChat } from "./chat-state.ts";
import type { RemoteServers } from "./remote-state.ts";
import { initialLibraryState, type LibraryState } from "./library-state.ts";
import { initialSettingsState, type SettingsState } from "./settings-state.ts";

export type Screen = "chat" | "library" | "settings";

/** Where the renderer runs: Electron (native file dialogs) or a browser tab over the WebSocket host. */
export type Host = "electron" | "browser";

/** A dismissible banner: an error from a call, or a message of our own. */
export interface Notice {
  id: number;
  code: ErrorCode | null;
  message: string;
}

/** Everything the renderer shows. Immutable: every change makes a new object (structural sharing). */
export interface AppState {
  engine: EngineStatus;
  /** A program using the model through the local API, shown in the status bar (null: none). */
  program: ProgramActivity | null;
  /** The model to reload on "Restart": the last one seen in a status or asked for. */
  lastModelPath: string | null;
  /** Sidebar list, most recently updated first. */
  conversations: readonly ConversationSummary[];
  /** Conversations fetched so far, by id: their newest messages, and older pages as they were scrolled to. */
  loaded: Readonly<Record<string, LoadedChat>>;
  /** A message to bring into view (a search hit), with a count that changes on every jump. */
  focus: { conversationId: string; index: number; jump: number } | null;
  activeId: string | null;
  notices: readonly Notice[];
  screen: Screen;
  /** The model library screen, downloads and the device panel. */
  library: LibraryState;
  host: Host;
  settings: SettingsState;
  /** The chat just deleted, offered for "Undo". */
  deleted: DeletedChat | null;
  /** Built-in presets, then the user's (main's list). */
  presets: readonly Preset[];
  /** The keyboard shortcut sheet is open. */
  shortcutsOpen: boolean;
  /** Other computers that can answer a chat (Settings → Other computers). */
  remoteServers: RemoteServers;
}

export const initialState: AppState = {
  engine: { state: "no-model" },
  program: null,
  lastModelPath: null,
  conversations: [],
  loaded: {},
  activeId: null,
  focus: null,
  notices: [],
  screen: "chat",
  library: initialLibraryState,
  host: "electron",
  settings: initialSettingsState,
  deleted: null,
  presets: [],
  shortcutsOpen: false,
  remoteServers: null,
};

function summaryOf({ messages: _messages, ...summary }: Conversation | OpenedChat): ConversationSummary {
  if ("firstIndex" in summary) {
    const { firstIndex: _firstIndex, ...rest } = summary;
    return rest;
  }
  return summary;
}

function sortSummaries(list: ConversationSummary[]): ConversationSummary[] {
  return list.sort((a, b) => b.updatedAt - a.updatedAt);
}

/** `chat.get` / `chat.open` / `chat.create`: the conversation from main replaces ours whole. */
export function replaceConversation(state: AppState, conversation: Conversation | OpenedChat): AppState {
  const others = state.conversations.filter((c) => c.id !== conversation.id);
  return {
    ...state,
    loaded: { ...state.loaded, [conversation.id]: loadedChat(conversation) },
    conversations: sortSummaries([...others, summaryOf(conversation)]),
  };
}

function withMessages(state: AppState, conversation: LoadedChat, messages: ChatMessage[]): AppState {
  return { ...state, loaded: { ...state.loaded, [conversation.id]: { ...conversation, messages } } };
}

/** An older page of a chat's messages arrived (scrolled or jumped to). */
export function addPage(state: AppState, conversationId: string, page: MessagePage): AppState {
  const conversation = state.loaded[conversationId];
  if (!conversation) return state;
  return { ...state, loaded: { ...state.loaded, [conversationId]: withPage(conversation, page) } };
}

/** What changed in a chat (`chat.changed`, an answer's start and end): the summary, and the messages if we hold them. */
export function applyChange(state: AppState, change: ChatChange): AppState {
  const summary = change.conversation;
  const conversations = sortSummaries([...state.conversations.filter((c) => c.id !== summary.id), summary]);
  const conversation = state.loaded[summary.id];
  if (!conversation) return { ...state, conversations };
  return { ...state, conversations, loaded: { ...state.loaded, [summary.id]: applyPagedChange(conversation, change) } };
}

/** Appends an answer's delta to the chat's streaming answer (its last message). */
export function applyDelta(state: AppState, conversationId: string, delta: GenerationDelta): AppState {
  const conversation = state.loaded[conversationId];
  if (!conversation) return state; // Not on screen: `chat.open` will bring the whole text.
  const index = conversation.messages.length - 1;
  const message = conversation.messages[index];
  // A delta that arrives after the answer ended is already part of its text.
  if (message?.status !== "streaming") return state;
  return withMessages(state, conversation, conversation.messages.with(index, { ...message, text: message.text + delta.text }));
}

/** A message main answered with (a version chosen): it replaces ours (or is added). */
export function mergeMessage(state: AppState, conversationId: string, message: ChatMessage): AppState {
  const conversation = state.loaded[conversationId];
  if (!conversation) return state;
  return { ...state, loaded: { ...state.loaded, [conversationId]: withMessage(conversation, message) } };
}

export function modelPathOf(status: EngineStatus): string | undefined {
  switch (status.state) {
    case "ready":
    case "generating":
      return status.model.path;
    case "loading":
      return status.modelPath;
    case "starting":
    case "error":
    case "exited":
      return status.modelPath;
    case "no-model":
      return undefined;
  }
}

export function setEngine(state: AppState, engine: EngineStatus): AppState {
  return { ...state, engine, lastModelPath: modelPathOf(engine) ?? state.lastModelPath };
}

let nextNoticeId = 1;
export function addNotice(state: AppState, code: ErrorCode | null, message: string): AppState {
  return { ...state, notices: [...state.notices, { id: nextNoticeId++, code, message }] };
}

export function dismissNotice(state: AppState, id: number): AppState {
  return { ...state, notices: state.notices.filter((n) => n.id !== id) };
}

/** Whether a conversation is being answered (Stop instead of Send): main says so by its streaming answer. */
export function isGenerating(state: AppState, conversationId: string | null): boolean {
  if (conversationId === null) return false;
  return state.loaded[conversationId]?.messages.at(-1)?.status === "streaming";
}

/**
 * The keep-alive unloaded the model after idle minutes: main reports "no-model", but the next message
 * loads it again. (Main cannot say so yet; see /tmp/renderer-requests.md. After an explicit "stop
 * using" with keep-alive on this guesses wrong, and the send fails with main's "no model" error.)
 */
export function isUnloadedForIdle(state: AppState): boolean {
  const model = state.settings.value?.model;
  if (state.engine.state !== "no-model" || typeof model?.keepAlive !== "number") return false;
  return (model.activeModelPath ?? state.lastModelPath) !== null;
}

/** A model is there to answer: loaded, busy, crashed or unloaded for idleness with a known model (main reloads it on the next request). */
export function hasModel(state: AppState): boolean {
  const { engine } = state;
  if (engine.state === "ready" || engine.state === "generating") return true;
  if (isUnloadedForIdle(state)) return true;
  return engine.state === "exited" && (engine.modelPath ?? state.lastModelPath) !== null;
}

/** A new message can go now: there is a model and it is not busy answering. */
export function canSend(state: AppState): boolean {
  return hasModel(state) && state.engine.state !== "generating";
}
