/**
 * The part of a streamed remote answer both protocols share: deltas reach the caller as they arrive, Stop (the
 * signal) closes the connection and resolves with what arrived, any failure keeps what arrived on the RemoteError,
 * and a stream that ends without the protocol's end marker is a dropped connection, not an answer.
 */
import type { GenerationStats } from "../../common/contract/chat-types.ts";
import type { Exchange } from "./http-exchange.ts";
import type { RemoteAnswer, StreamHandlers } from "./remote-backend.ts";
import { RemoteError } from "./remote-errors.ts";
import type { AnswerClock } from "./remote-stats.ts";

export interface StreamAnswerPlan {
  origin: string;
  clock: AnswerClock;
  handlers: StreamHandlers;
  open(signal: AbortSignal | undefined): Promise<Exchange>;
  /** Throws the RemoteError for an answer that is not a stream (error status, wrong content type). */
  check(exchange: Exchange): Promise<void>;
  /** The text deltas; returns true if the stream ended with the protocol's end marker. */
  deltas(exchange: Exchange): AsyncGenerator<string, boolean, undefined>;
  finish(text: string): RemoteAnswer;
  stoppedStats(): GenerationStats;
}

export async function streamAnswer(plan: StreamAnswerPlan): Promise<RemoteAnswer> {
  const { signal, onDelta } = plan.handlers;
  let text = "";
  try {
    const exchange = await plan.open(signal);
    await plan.check(exchange);
    const deltas = plan.deltas(exchange);
    try {
      for (;;) {
        // Stop is final even where more of the answer is already buffered: nothing after it reaches the chat.
        if (signal?.aborted) throw signal.reason;
        const next = await deltas.next();
        if (next.done) {
          if (!next.value) throw new RemoteError("disconnected", `${plan.origin} ended the answer without finishing it (the connection closed early).`, plan.origin);
          break;
        }
        text += next.value;
        plan.clock.delta();
        onDelta?.(next.value);
      }
    } finally {
      // Closes the connection if the loop left early (an error, or a throwing onDelta).
      await deltas.return(false);
    }
    return plan.finish(text);
  } catch (error) {
    if (signal?.aborted) return { text, stopReason: "stopped", stats: plan.stoppedStats() };
    if (error instanceof RemoteError) throw error.withPartialText(text);
    throw error;
  }
}
