import { AppError, type AnswerVersion, type ChatMessage, type GenerationStats } from "../../../common/contract/index.ts";

/** The optional fields of an answer version (text, status and createdAt are always there). */
const optionalVersionKeys = ["error", "stats", "modelName", "quantization", "sampling", "stopReason", "backend"] as const;
const maxVersions = 100;

/** The fields of a model message that make up the version it shows. */
export function versionOf(message: ChatMessage): AnswerVersion {
  const version: AnswerVersion = { text: message.text, status: message.status, createdAt: message.createdAt };
  for (const key of optionalVersionKeys) {
    if (message[key] !== undefined) Object.assign(version, { [key]: structuredClone(message[key]) });
  }
  return version;
}

/** Makes `version` the one the message shows (its fields replace the message's own). */
export function showVersion(message: ChatMessage, version: AnswerVersion): void {
  for (const key of optionalVersionKeys) delete message[key];
  Object.assign(message, structuredClone(version));
}

/** Copies what the message shows back into its slot among the alternatives (after it was generated or continued). */
export function syncSelectedVersion(message: ChatMessage): void {
  if (!message.alternatives || message.selectedAlternative === undefined) return;
  message.alternatives[message.selectedAlternative] = versionOf(message);
}

/** Adds an empty, streaming version to a model answer and shows it; the earlier ones stay reachable. */
export function startNewVersion(message: ChatMessage, createdAt: number): void {
  const alternatives = message.alternatives ?? [versionOf(message)];
  if (alternatives.length >= maxVersions) alternatives.shift();
  const fresh: AnswerVersion = { text: "", status: "streaming", createdAt };
  alternatives.push(fresh);
  message.alternatives = alternatives;
  message.selectedAlternative = alternatives.length - 1;
  showVersion(message, fresh);
}

export function selectVersion(message: ChatMessage, index: number): void {
  const version = message.alternatives?.[index];
  if (message.role !== "model" || !version) {
    throw new AppError("BAD_REQUEST", `This message has no version ${index + 1}`);
  }
  syncSelectedVersion(message);
  message.selectedAlternative = index;
  showVersion(message, version);
}

/** True when the answer ended early and `continue` can append to it. */
export function canContinue(message: ChatMessage): boolean {
  if (message.role !== "model" || message.text === "") return false;
  return message.status === "stopped" || message.status === "crashed" || message.status === "error" || message.stopReason === "maxTokens";
}

/** The figures of an answer generated in two parts (stopped, then continued). */
export function combineStats(first: GenerationStats | undefined, second: GenerationStats): GenerationStats {
  if (!first) return second;
  const promptTokens = first.promptTokens + second.promptTokens;
  const promptMs = first.promptMs + second.promptMs;
  const generatedTokens = first.generatedTokens + second.generatedTokens;
  const generationMs = first.generationMs + second.generationMs;
  // Each part's first token comes out of its prompt evaluation (see GenerationClock).
  const timedTokens = Math.max(first.generatedTokens - 1, 0) + Math.max(second.generatedTokens - 1, 0);
  return {
    totalMs: first.totalMs + second.totalMs,
    loadMs: first.loadMs,
    promptTokens,
    promptMs,
    promptTokensPerSecond: promptMs > 0 ? (promptTokens * 1000) / promptMs : 0,
    generatedTokens,
    generationMs,
    tokensPerSecond: generationMs > 0 ? (timedTokens * 1000) / generationMs : 0,
    timeToFirstTokenMs: first.timeToFirstTokenMs,
  };
}
