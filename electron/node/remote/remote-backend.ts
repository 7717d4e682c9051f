/**
 * A chat backend on another computer: what the chat needs of it, and the bounds every request to it keeps. The two
 * protocols (Ollama's own API and the OpenAI-compatible one of llama-server, vLLM, LM Studio, …) implement it.
 */
import type { GenerationStats, Sampling, StopReason } from "../../common/contract/chat-types.ts";
import type { RemoteAddress, RemoteKind } from "./remote-url.ts";

export interface RemoteServer {
  kind: RemoteKind;
  /** As the user typed it; parseRemoteAddress checks it. */
  address: string;
  apiKey?: string | undefined;
}

export interface RemoteModel {
  /** The name the server knows the model by (sent back in a chat request). */
  id: string;
  sizeBytes?: number;
  parameterSize?: string;
  quantization?: string;
}

export interface RemoteChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface RemoteChatRequest {
  model: string;
  messages: RemoteChatMessage[];
  sampling?: Sampling | undefined;
}

export interface RemoteAnswer {
  /** Everything streamed; after Stop, the part that arrived. */
  text: string;
  stopReason: StopReason;
  stats: GenerationStats;
}

export interface StreamHandlers {
  /** Stop: cancels the request (the connection closes, so the server stops generating) and resolves with the part received. */
  signal?: AbortSignal | undefined;
  onDelta?: ((text: string) => void) | undefined;
}

export interface RemoteBackend {
  readonly kind: RemoteKind;
  readonly address: RemoteAddress;
  /** Also the connection test: it reaches the server, checks the key and reads what it serves. */
  listModels(signal?: AbortSignal): Promise<RemoteModel[]>;
  /** Streams an answer; a failure mid-answer throws a RemoteError carrying the part received (`partialText`). */
  chat(request: RemoteChatRequest, handlers?: StreamHandlers): Promise<RemoteAnswer>;
}

export interface RemoteBounds {
  connectMs: number;
  /** For listing models: the answer must start within this. */
  firstByteMs: number;
  /** For a chat: until the first token (a remote server may first load the model and read a long history). */
  answerFirstByteMs: number;
  /** Between two chunks of a streamed answer (llama-server sends a keep-alive every 30 s while it thinks). */
  idleMs: number;
  /** One NDJSON line or one server-sent event. */
  maxLineChars: number;
  maxAnswerBytes: number;
  maxListBytes: number;
  maxErrorBytes: number;
}

export const defaultRemoteBounds: RemoteBounds = {
  connectMs: 10_000,
  firstByteMs: 30_000,
  answerFirstByteMs: 300_000,
  idleMs: 90_000,
  maxLineChars: 256 * 1024,
  maxAnswerBytes: 32 * 1024 * 1024,
  maxListBytes: 4 * 1024 * 1024,
  maxErrorBytes: 64 * 1024,
};
