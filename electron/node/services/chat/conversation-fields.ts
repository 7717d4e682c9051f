import type { Conversation, ConversationSummary } from "../../../common/contract/index.ts";

export const untitled = "New chat";
const titleLength = 60;

export function summaryOf({ messages: _messages, ...summary }: Conversation): ConversationSummary {
  return structuredClone(summary);
}

/** An answer saved while streaming belongs to an app that quit or crashed mid-answer: it is a crashed partial answer. */
export function settleInterruptedAnswers(conversation: Conversation): Conversation {
  const interrupted = { code: "ENGINE_CRASHED", message: "The app closed before this answer was finished" } as const;
  for (const message of conversation.messages) {
    for (const version of [message, ...(message.alternatives ?? [])]) {
      if (version.status !== "streaming") continue;
      version.status = "crashed";
      version.error = { ...interrupted };
    }
  }
  return conversation;
}

/** A new chat is named after the first line of its first message. */
export function titleFrom(text: string): string {
  const line = text.trim().split("\n")[0] ?? "";
  return line.length > titleLength ? `${line.slice(0, titleLength - 1)}…` : line || untitled;
}
