import type {
  AppContract,
  ChatBackend,
  ChatChange,
  EngineStatus,
  GenerationDelta,
  GenerationRequest,
  GenerationResult,
  ParsedParamsOf,
  Preset,
  Sampling,
} from "../../../common/contract/index.ts";
import type { GenerateOptions } from "../inference/supervisor.ts";
import type { ContextOverflow } from "./answer-settings.ts";
import type { ChatStateStore, ConversationStore } from "./conversation-store.ts";

/** What the chats need of the engine supervisor. */
export interface ChatEngine {
  readonly status: EngineStatus;
  generate(request: GenerationRequest, options: GenerateOptions): Promise<GenerationResult>;
}

/** The params of the contract's `chat.<method>` as they arrive checked: what ChatService's methods take. */
export type ChatParams<Method extends string> = ParsedParamsOf<AppContract, `chat.${Method}` & keyof AppContract["methods"]>;

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

/** One answer from a backend, asked as the engine is asked (node/remote's `generatorFor` makes one per backend). */
export type GenerateAnswer = (request: GenerationRequest, options: GenerateOptions) => Promise<GenerationResult>;

/** The backends a chat can be set to besides the local engine: the servers the user added. */
export interface ChatBackends {
  /** The generator of a backend; a remote one whose server was removed fails with REMOTE_FAILED "server-removed". */
  generatorFor(backend: ChatBackend): Promise<GenerateAnswer>;
  /** The name the user gave a server; REMOTE_FAILED "server-removed" when it is no longer in the list. */
  serverName(serverId: string): string;
}

export interface ChatServiceDependencies {
  /** The engine supervisor (or anything that prompts like it). */
  supervisor: ChatEngine;
  store: ConversationStore;
  events: ChatEvents;
  /** Remote backends; absent: every chat is answered by the local engine (`chat.setBackend` to a server fails). */
  backends?: ChatBackends;
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
