import type { ChatTurn } from "../../common/contract/index.ts";
import type { GenerationRequest } from "./api-engine.ts";

export class ConversationError extends Error {}

/** A chat message as both APIs send it once the content is text. */
export interface ApiMessage {
  role: string;
  content: string;
}

/**
 * A client's chat in the engine's terms. Gemma has no system role (node-llama-cpp folds the system prompt into the
 * first user turn), so system messages, wherever they are, become one system prompt; consecutive turns of one role
 * are joined; a last assistant message is a prefill the answer continues.
 */
export function toGenerationRequest(messages: readonly ApiMessage[]): Omit<GenerationRequest, "sampling"> {
  const system: string[] = [];
  const turns: ChatTurn[] = [];
  for (const { role, content } of messages) {
    if (role === "system" || role === "developer") {
      if (content !== "") system.push(content);
      continue;
    }
    if (role !== "user" && role !== "assistant") throw new ConversationError(`messages with the role "${role}" are not supported (only system, user and assistant)`);
    const engineRole = role === "user" ? "user" : "model";
    const last = turns.at(-1);
    if (last?.role === engineRole) last.text = `${last.text}\n\n${content}`;
    else turns.push({ role: engineRole, text: content });
  }
  const prefill = turns.at(-1)?.role === "model" ? turns.pop() : undefined;
  const user = turns.pop();
  if (user?.role !== "user") throw new ConversationError("the messages need a user message to answer");
  return {
    history: turns,
    text: user.text,
    ...(system.length > 0 && { systemPrompt: system.join("\n\n") }),
    ...(prefill && prefill.text !== "" && { responsePrefix: prefill.text }),
  };
}
