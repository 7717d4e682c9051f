import type { ChatHistoryItem } from "node-llama-cpp";
import type { ChatTurn } from "../common/contract/index.ts";

/** Our turns as node-llama-cpp's chat history; Gemma's wrapper folds the system prompt into the first user turn. */
export function toLlamaHistory(systemPrompt: string | undefined, turns: readonly ChatTurn[]): ChatHistoryItem[] {
  const items: ChatHistoryItem[] = [];
  if (systemPrompt) items.push({ type: "system", text: systemPrompt });
  for (const turn of turns) {
    items.push(turn.role === "user" ? { type: "user", text: turn.text } : { type: "model", response: [turn.text] });
  }
  return items;
}

/** What the session has evaluated: the same turns evaluate the same, whichever chat (or API request) brings them. */
export interface EvaluatedConversation {
  systemPrompt: string | undefined;
  turns: ChatTurn[];
}

/** True when the session already holds exactly this conversation, so only the new message needs evaluating. */
export function sessionHolds(evaluated: EvaluatedConversation | undefined, systemPrompt: string | undefined, turns: readonly ChatTurn[]): boolean {
  if (!evaluated || evaluated.systemPrompt !== systemPrompt) return false;
  if (evaluated.turns.length !== turns.length) return false;
  return evaluated.turns.every((turn, index) => turn.role === turns[index]?.role && turn.text === turns[index]?.text);
}
