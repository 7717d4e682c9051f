import type { ChatMessage, Conversation, ExportedChat, ExportFormat, GenerationStats } from "../../../common/contract/index.ts";

export interface ExportOptions {
  /** ms since epoch, written as ISO 8601 (UTC). */
  exportedAt: number;
  /** Used when the chat has no system prompt of its own (as it was for its answers). */
  defaultSystemPrompt?: string;
}

export type { ExportedChat };

export function exportConversation(conversation: Conversation, format: ExportFormat, options: ExportOptions): ExportedChat {
  const base = fileSlug(conversation.title);
  return format === "markdown"
    ? { fileName: `${base}.md`, content: toMarkdown(conversation, options) }
    : { fileName: `${base}.json`, content: toExportJson(conversation, options) };
}

export function toMarkdown(conversation: Conversation, options: ExportOptions): string {
  const lines = [`# ${conversation.title}`, "", `Exported from Edge Gemma on ${iso(options.exportedAt)}.`];
  const systemPrompt = systemPromptOf(conversation, options);
  if (systemPrompt) lines.push("", "**System prompt:**", "", quote(systemPrompt));
  for (const message of conversation.messages) {
    lines.push("", message.role === "user" ? "## You" : `## ${modelLabel(message)}`, "", message.text === "" ? "_(no text)_" : message.text);
    if (message.role === "model") {
      const notes = [statusNote(message), answerFacts(message)].filter((note) => note !== "");
      for (const note of notes) lines.push("", `_${note}_`);
    }
  }
  return `${lines.join("\n")}\n`;
}

export function toExportJson(conversation: Conversation, options: ExportOptions): string {
  const document = {
    format: "edge-gemma-chat",
    formatVersion: 1,
    exportedAt: iso(options.exportedAt),
    id: conversation.id,
    title: conversation.title,
    createdAt: iso(conversation.createdAt),
    updatedAt: iso(conversation.updatedAt),
    systemPrompt: systemPromptOf(conversation, options) ?? null,
    messages: conversation.messages.map(exportedMessage),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function exportedMessage(message: ChatMessage) {
  if (message.role === "user") return { role: "user", text: message.text, createdAt: iso(message.createdAt) };
  return {
    role: "model",
    text: message.text,
    status: message.status,
    stopReason: message.stopReason ?? null,
    createdAt: iso(message.createdAt),
    model: message.modelName === undefined ? null : { name: message.modelName, quantization: message.quantization ?? null },
    settings: message.sampling ?? null,
    stats: message.stats ?? null,
    error: message.error ?? null,
    version: message.alternatives ? { shown: (message.selectedAlternative ?? 0) + 1, of: message.alternatives.length } : null,
  };
}

function systemPromptOf(conversation: Conversation, options: ExportOptions): string | undefined {
  const prompt = conversation.systemPrompt ?? options.defaultSystemPrompt;
  return prompt === "" ? undefined : prompt;
}

function modelLabel(message: ChatMessage): string {
  if (message.modelName === undefined) return "Model";
  return message.quantization ? `${message.modelName} (${message.quantization})` : message.modelName;
}

function statusNote(message: ChatMessage): string {
  switch (message.status) {
    case "stopped":
      return "Stopped before the end.";
    case "crashed":
      return `Interrupted: ${message.error?.message ?? "the engine stopped"}.`;
    case "error":
      return `Failed: ${message.error?.message ?? "unknown error"}.`;
    case "streaming":
      return "Still being written when exported.";
    case "complete":
      return message.stopReason === "maxTokens" ? "Cut at the token limit." : "";
  }
}

function answerFacts(message: ChatMessage): string {
  const facts: string[] = [];
  if (message.alternatives) facts.push(`Version ${(message.selectedAlternative ?? 0) + 1} of ${message.alternatives.length}`);
  if (message.stats) facts.push(...statsFacts(message.stats));
  if (message.sampling) {
    const { temperature, topK, topP, minP, seed } = message.sampling;
    const parts = [["temperature", temperature], ["top-k", topK], ["top-p", topP], ["min-p", minP], ["seed", seed]] as const;
    facts.push(parts.filter(([, value]) => value !== undefined).map(([name, value]) => `${name} ${value}`).join(", "));
  }
  return facts.filter((fact) => fact !== "").join(" · ");
}

function statsFacts(stats: GenerationStats): string[] {
  return [
    `${stats.generatedTokens} tokens`,
    `${stats.tokensPerSecond.toFixed(2)} tokens/s`,
    `prompt ${stats.promptTokens} tokens`,
    `${(stats.totalMs / 1000).toFixed(1)} s`,
  ];
}

function quote(text: string): string {
  return text
    .split("\n")
    .map((line) => (line === "" ? ">" : `> ${line}`))
    .join("\n");
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** A file name from the title: letters and digits of any script kept, the rest turned into dashes. */
export function fileSlug(title: string): string {
  const slug = title
    .normalize("NFKC")
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return slug === "" ? "chat" : slug;
}
