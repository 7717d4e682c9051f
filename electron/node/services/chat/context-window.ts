import type { ChatMessage } from "../../../common/contract/index.ts";

/**
 * Keeping a chat inside the model's context ("drop-oldest"). Main has no tokenizer (node-llama-cpp only
 * runs in the engine), so tokens are estimated on the safe side: Gemma's tokenizer averages about four
 * characters per token in English and about one per CJK character; we count three and one. Turns are
 * dropped oldest first, a user turn and its answer together, so the history still starts with a user
 * turn; the system prompt always stays. The start only moves forward, so the history the engine gets
 * stays the same from one turn to the next and its KV cache keeps being reused. If the estimate is ever
 * too low, node-llama-cpp's own context shift (which also keeps the system prompt) is the safety net.
 */

/** Per turn: `<start_of_turn>user\n` … `<end_of_turn>\n`. */
const turnOverheadTokens = 6;
/** What stays free for the answer when `maxTokens` is larger than this share of the context. */
const maxAnswerShare = 0.5;

const wideCharacter = /[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/u;

export function estimateTokens(text: string): number {
  let wide = 0;
  let narrow = 0;
  for (const character of text) {
    if (wideCharacter.test(character) || (character.codePointAt(0) ?? 0) > 0xffff) wide++;
    else narrow++;
  }
  return wide + Math.ceil(narrow / 3);
}

export function estimateTurnTokens(text: string): number {
  return estimateTokens(text) + turnOverheadTokens;
}

export interface ContextWindowRequest {
  /** The messages before the new user turn, as they will be sent (the versions shown). */
  earlier: readonly ChatMessage[];
  /** Index into `earlier` of the first message still sent (0 when nothing was dropped yet). */
  currentStart: number;
  systemPrompt: string | undefined;
  /** The new user turn plus, when continuing, the partial answer. */
  newText: string;
  contextSize: number;
  /** Tokens kept free for the answer. */
  maxTokens: number;
}

/** Index of the first earlier message to send, so that the prompt plus room for the answer fits. */
export function contextStart(request: ContextWindowRequest): number {
  const { earlier, contextSize } = request;
  const budget = contextSize - answerRoom(request);
  const sizes = messageSizes(earlier);
  let start = Math.min(Math.max(request.currentStart, 0), earlier.length);
  let total = fixedTokens(request) + sum(sizes, start);
  while (total > budget && start < earlier.length) {
    const next = nextUserTurn(earlier, start + 1);
    total -= sum(sizes, start, next);
    start = next;
  }
  return start;
}

/** The context meter's figures: what the chat takes now (from its current start) and what stays free for the answer. */
export function contextFill(request: Omit<ContextWindowRequest, "newText">): { usedTokens: number; reservedTokens: number; start: number } {
  const start = Math.min(Math.max(request.currentStart, 0), request.earlier.length);
  const full = { ...request, newText: "" };
  // The new turn's own overhead is not there yet: the meter counts what the chat holds.
  const usedTokens = fixedTokens(full) - estimateTurnTokens("") - turnOverheadTokens + sum(messageSizes(request.earlier), start);
  return { usedTokens, reservedTokens: answerRoom(full), start };
}

function answerRoom({ maxTokens, contextSize }: ContextWindowRequest): number {
  return Math.min(maxTokens, Math.floor(contextSize * maxAnswerShare));
}

/** The beginning-of-text token, the system prompt, the new user turn and the opening of the answer. */
function fixedTokens({ systemPrompt, newText }: ContextWindowRequest): number {
  return 1 + (systemPrompt ? estimateTokens(systemPrompt) + 2 : 0) + estimateTurnTokens(newText) + turnOverheadTokens;
}

function messageSizes(messages: readonly ChatMessage[]): number[] {
  return messages.map((message) => (message.text === "" ? 0 : estimateTurnTokens(message.text)));
}

function sum(sizes: readonly number[], from: number, to = sizes.length): number {
  return sizes.slice(from, to).reduce((total, size) => total + size, 0);
}

/** The next index at or after `from` that starts a user turn (or the end). */
function nextUserTurn(messages: readonly ChatMessage[], from: number): number {
  let index = from;
  while (index < messages.length && messages[index]?.role !== "user") index++;
  return index;
}
