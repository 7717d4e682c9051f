import type { GenerationDelta } from "../../../electron/common/contract/index.ts";
import type { AnswerObserver, ChatServiceDependencies } from "../../../electron/node/services/chat/chat-dependencies.ts";
import { ChatService } from "../../../electron/node/services/chat/chat-service.ts";

/**
 * The chat service as a client drives it: each answer streams its deltas to `onDelta`, and `stop` cancels it the way
 * the renderer's Stop cancels its call (the abort of the answer's signal). Changes go to `events.changed`.
 */
export class ClientChats extends ChatService {
  private readonly stops = new Map<string, AbortController>();

  constructor(
    deps: ChatServiceDependencies,
    private readonly onDelta: (conversationId: string, delta: GenerationDelta) => void = () => undefined,
  ) {
    super(deps);
  }

  /** Stop: true when an answer to this chat was being generated and has been told to stop. */
  stop(conversationId: string): boolean {
    const stop = this.stops.get(conversationId);
    if (!stop || stop.signal.aborted) return false;
    stop.abort();
    return true;
  }

  override send(conversationId: string, text: string) {
    return super.send(conversationId, text, this.observer(conversationId));
  }

  override regenerate(conversationId: string) {
    return super.regenerate(conversationId, this.observer(conversationId));
  }

  override edit(conversationId: string, messageId: string, text: string) {
    return super.edit(conversationId, messageId, text, this.observer(conversationId));
  }

  override continue(conversationId: string) {
    return super.continue(conversationId, this.observer(conversationId));
  }

  private observer(conversationId: string): AnswerObserver {
    const stop = new AbortController();
    this.stops.set(conversationId, stop);
    return { signal: stop.signal, onDelta: (delta) => this.onDelta(conversationId, delta) };
  }
}
