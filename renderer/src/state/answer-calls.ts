import type { ChatChange } from "../../../electron/common/contract/app/chat.ts";
import type { AnswerProgress } from "../../../electron/common/contract/app/chat.ts";
import type { CallOptions } from "../../../electron/common/rpc/rpc-client.ts";
import { applyChange, applyDelta } from "./app-state.ts";
import type { StateContainer } from "./state-container.ts";

export type AnswerCall = (options: CallOptions<AnswerProgress>) => Promise<ChatChange>;

export interface AnswerCalls {
  /** Runs an answer call (send, regenerate, edit, continue): its start and end shown at once, its text once a frame. */
  run(conversationId: string, call: AnswerCall): Promise<void>;
  /** Stop: cancels this renderer's call answering the chat (main then ends the answer with what it has). */
  stop(conversationId: string): void;
}

/**
 * The answers this renderer asked for, by chat: only the handle Stop needs. Whether a chat is being answered is
 * main's to say (its answer's "streaming" status, see `isGenerating`).
 */
export function createAnswerCalls(container: StateContainer, report: (error: unknown) => void): AnswerCalls {
  const running = new Map<string, AbortController>();
  const { update } = container;
  return {
    async run(conversationId, call) {
      const stop = new AbortController();
      running.set(conversationId, stop);
      try {
        const ended = await call({
          signal: stop.signal,
          onProgress: (progress) => {
            if (progress.type === "delta") update((s) => applyDelta(s, conversationId, progress), "frame");
            else update((s) => applyChange(s, progress), "now");
          },
        });
        update((s) => applyChange(s, ended), "now");
      } catch (error) {
        report(error);
      } finally {
        if (running.get(conversationId) === stop) running.delete(conversationId);
      }
    },
    stop(conversationId) {
      running.get(conversationId)?.abort();
    },
  };
}
