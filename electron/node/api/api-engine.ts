import type { ApiActivity, GenerationRequest, GenerationResult as EngineGenerationResult } from "../../common/contract/index.ts";
import type { ApiChatRecordOptions } from "./api-chat-record.ts";

/** One generation in the engine's terms (the contract's `generate` call): earlier turns, the user message, sampling. */
export type { GenerationRequest };

/** An installed model as the API names and describes it. */
export interface ApiModel {
  /** What clients ask for: Ollama's name for a catalog file (`gemma2:2b`), else the Library's id (the file name). */
  name: string;
  /** The Library's id, also accepted as a name. */
  id: string;
  path: string;
  sizeBytes: number;
  sha256: string | null;
  quantization: string | null;
  architecture: string | null;
  /** From the catalog's shape, when the file is a catalog file. */
  parameterCount: number | null;
  modifiedAt: Date;
}

export interface LoadedModel {
  path: string;
  contextSize: number;
}

/** The engine's result with the answer's text, which the engine streams but does not repeat. */
export interface GenerationResult extends EngineGenerationResult {
  text: string;
}

/** A catalog file a program asked to pull, and how far its verified download has come. */
export interface PullProgress {
  state: "queued" | "downloading" | "verifying" | "paused" | "failed" | "completed" | "cancelled";
  /** Hex SHA-256 the catalog pins for the file (the download is checked against it). */
  sha256: string;
  receivedBytes: number;
  totalBytes: number;
  error?: string;
}

/**
 * What the API needs of the app: the Library's models and the one engine the desktop chat uses too. The API codes
 * against this narrow port only; `backend-engine.ts` adapts the app's services to it.
 */
export interface ApiEngine {
  listModels(): Promise<ApiModel[]>;
  loadedModel(): LoadedModel | undefined;
  /** The person at the screen is getting an answer: programs wait. */
  desktopGenerating(): boolean;
  /** Called whenever the engine's state changes (a desktop answer ends, a model loads). */
  onChange(listener: () => void): () => void;
  load(model: ApiModel): Promise<void>;
  unload(): Promise<void>;
  /**
   * A program's request on the loaded model ended, asking it to stay `keepAliveMs` (Infinity: forever; 0: unload it
   * now; undefined: as the last program asked for this model, else the app's keep-alive setting decides). The
   * desktop's setting still holds: the later expiry wins.
   */
  keepAfterRequest(keepAliveMs: number | undefined): Promise<void>;
  /** When the loaded model will be unloaded (wall-clock ms; Infinity: never); undefined with none loaded. */
  expiresAt(): number | undefined;
  /** Which program is using the model now, for the app's status bar. */
  reportActivity(activity: ApiActivity): void;
  /** The catalog's Ollama-registry files by Ollama's name (`gemma2:2b`): what /api/pull can fetch. */
  pullableNames(): string[];
  /**
   * Downloads a catalog file through the Library's verified download (resumable, SHA-256 checked); resolves when it
   * is installed. Aborting `signal` pauses it (the Library shows it; a later pull resumes it).
   */
  pull(name: string, onProgress: (progress: PullProgress) => void, signal: AbortSignal): Promise<void>;
  /** Streams the answer through `onDelta`; aborting `signal` stops the engine. */
  generate(request: GenerationRequest, onDelta: (text: string) => void, signal: AbortSignal): Promise<GenerationResult>;
  /** Where programs' conversations go when the user keeps them in the chat list (absent: never kept). */
  chatRecord?: ApiChatRecordOptions;
}
