import { AppError, type AnswerProgress, type ChatChange, type RequestContext } from "../../../common/contract/index.ts";
import type { AnswerObserver } from "./chat-dependencies.ts";

/**
 * Serves an answer call (`chat.send`, `chat.regenerate`, `chat.edit`, `chat.continue`): its caller gets the start and
 * the text as the call's progress and the end as its result; `announce` tells the other clients the start and the
 * end. Cancelling the call is Stop.
 */
export async function serveAnswerCall(
  run: (observer: AnswerObserver) => Promise<unknown>,
  { signal, progress }: RequestContext<AnswerProgress>,
  announce: (change: ChatChange) => void,
): Promise<ChatChange> {
  let ended: ChatChange | undefined;
  await run({
    signal,
    onDelta: (delta) => progress({ type: "delta", ...delta }),
    onChange: (change, phase) => {
      announce(change);
      if (phase === "start") progress({ type: "changed", ...change });
      else ended = change;
    },
  });
  if (!ended) throw new AppError("NOT_FOUND", "The chat was deleted while it was being answered");
  return ended;
}
