import type { ChatChange, GenerationDelta, Preset, Sampling } from "../../../common/contract/index.ts";
import type { ChatEngine } from "./answer-runner.ts";
import type { ContextOverflow } from "./answer-settings.ts";
import type { ChatStateStore, ConversationStore } from "./conversation-store.ts";

export interface ChatEvents {
  /** A chat changed: what changed, for every client (an answer's caller with an observer announces its own). */
  changed(change: ChatChange): void;
  deleted?(conversationId: string): void;
}

/** Whoever asked for an answer: how it is stopped and where its progress goes. */
export interface AnswerObserver {
  /** Stop: aborting ends the answer with what it has (status "stopped"). */
  signal?: AbortSignal;
  /** Each piece of the answer's text as it comes. */
  onDelta?(delta: GenerationDelta): void;
  /**
   * The answer's change to its chat as it starts and as it ends. Given, these are not announced through
   * `events.changed`: the caller tells the other clients itself.
   */
  onChange?(change: ChatChange, phase: "start" | "end"): void;
}

export interface ChatServiceDependencies {
  /** The engine supervisor (or anything that prompts like it). */
  supervisor: ChatEngine;
  store: ConversationStore;
  events: ChatEvents;
  /** Remembers the chat open when the app closed; in memory when absent. */
  state?: ChatStateStore;
  /** The sampling settings of the moment (read for every answer, so a change applies to the next one). */
  sampling?: () => Sampling | undefined;
  /** The settings' default system prompt, for chats without their own. */
  defaultSystemPrompt?: () => string;
  /** The user's and the built-in presets. */
  findPreset?: (id: string) => Preset | undefined;
  contextOverflow?: () => ContextOverflow;
  /** The context size in Settings (undefined: "auto"), for the meter before a model is loaded. */
  configuredContextSize?: () => number | undefined;
  /** Loads the chat's model when another one is loaded (a model no longer installed is skipped). */
  useModel?: (modelId: string) => Promise<void>;
  /** Runs before every prompt (the keep-alive's `ensureLoaded`). */
  beforePrompt?: () => Promise<void>;
  now?: () => number;
  newId?: () => string;
}
