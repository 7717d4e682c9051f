/**
 * One answer asked of a remote backend exactly as the local engine is asked (the engine contract's `generate`: the
 * same request, `{signal, onDelta}` and result), so the chat's answer path takes either. The history and the system
 * prompt become chat messages; a partial answer to continue becomes a trailing assistant message (llama-server
 * prefills it by default: common/arg.cpp --prefill-assistant, tools/server/server-common.cpp) and, as with the
 * engine, only what follows it is streamed.
 */
import type { GenerationDelta, GenerationRequest, GenerationResult } from "../../common/contract/index.ts";
import type { RemoteBackend, RemoteChatMessage } from "./remote-backend.ts";

export interface GenerateHandlers {
  /** Stop: the request is cancelled (its connection closed) and the result says "stopped". */
  signal?: AbortSignal | undefined;
  /** Each piece of text as it arrives; a server's chunk counts as one token (the stats carry the server's own count). */
  onDelta?: ((delta: GenerationDelta) => void) | undefined;
}

export function remoteMessages(request: GenerationRequest): RemoteChatMessage[] {
  return [
    ...(request.systemPrompt ? [{ role: "system" as const, content: request.systemPrompt }] : []),
    ...request.history.map((turn) => ({ role: turn.role === "model" ? ("assistant" as const) : ("user" as const), content: turn.text })),
    { role: "user", content: request.text },
    ...(request.responsePrefix ? [{ role: "assistant" as const, content: request.responsePrefix }] : []),
  ];
}

export async function generateRemote(backend: RemoteBackend, model: string, request: GenerationRequest, handlers: GenerateHandlers = {}): Promise<GenerationResult> {
  const { onDelta } = handlers;
  const answer = await backend.chat(
    { model, messages: remoteMessages(request), sampling: request.sampling },
    { signal: handlers.signal, onDelta: onDelta && ((text) => onDelta({ text, tokens: 1 })) },
  );
  return { stopReason: answer.stopReason, stats: answer.stats };
}
