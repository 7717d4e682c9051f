import type { AnswerProgress, ChatBackendChoice, ChatChange, ChatMessage, GenerationDelta, RequestContext } from "../../../electron/common/contract/index.ts";
import type { ChatServiceDependencies } from "../../../electron/node/services/chat/chat-dependencies.ts";
import { ChatService } from "../../../electron/node/services/chat/chat-service.ts";

/**
 * The chat service as a client drives it, by conversation id: each answer is a call whose deltas go to `onDelta`, and
 * `stop` cancels it the way the renderer's Stop cancels its call (the abort of the call's signal). Changes go to
 * `events.changed`; an answer resolves with its message as the call ended it.
 */
export class ClientChats {
  readonly service: ChatService;
  private readonly stops = new Map<string, AbortController>();

  constructor(
    deps: ChatServiceDependencies,
    private readonly onDelta: (conversationId: string, delta: GenerationDelta) => void = () => undefined,
  ) {
    this.service = new ChatService(deps);
  }

  /** Loads the saved chats, as the app does at startup. */
  restore = () => this.service.load();
  startupState = () => this.service.state();
  list = () => this.service.list();
  create = () => this.service.create();
  addFinished = (chat: Parameters<ChatService["addFinished"]>[0]) => this.service.addFinished(chat);
  /** The whole chat. */
  get = (conversationId: string) => this.service.conversation(conversationId);
  open = (conversationId: string) => this.service.open({ conversationId });
  rename = (conversationId: string, title: string) => this.service.rename({ conversationId, title });
  setSystemPrompt = (conversationId: string, systemPrompt: string | null) => this.service.setSystemPrompt({ conversationId, systemPrompt });
  setPreset = (conversationId: string, presetId: string | null) => this.service.setPreset({ conversationId, presetId });
  setModel = (conversationId: string, modelId: string | null) => this.service.setModel({ conversationId, modelId });
  presetDeleted = (presetId: string) => this.service.presetDeleted(presetId);
  contextUsage = (conversationId: string) => this.service.contextUsage({ conversationId });
  delete = (conversationId: string) => this.service.delete({ conversationId });
  restoreDeleted = (conversationId: string) => this.service.restore({ conversationId });
  search = (query: string) => this.service.search({ query });
  selectAlternative = (conversationId: string, messageId: string, index: number) => this.service.selectAlternative({ conversationId, messageId, index });

  send = (conversationId: string, text: string) => this.answer(conversationId, (call) => this.service.send({ conversationId, text }, call));
  regenerate = (conversationId: string) => this.answer(conversationId, (call) => this.service.regenerate({ conversationId }, call));
  edit = (conversationId: string, messageId: string, text: string) => this.answer(conversationId, (call) => this.service.edit({ conversationId, messageId, text }, call));
  continue = (conversationId: string, backend?: ChatBackendChoice) =>
    this.answer(conversationId, (call) => this.service.continue({ conversationId, ...(backend && { backend }) }, call));

  /** Stop: true when an answer to this chat was being generated and has been told to stop. */
  stop(conversationId: string): boolean {
    const stop = this.stops.get(conversationId);
    if (!stop || stop.signal.aborted) return false;
    stop.abort();
    return true;
  }

  private async answer(conversationId: string, call: (context: RequestContext<AnswerProgress>) => Promise<ChatChange>): Promise<ChatMessage> {
    const stop = new AbortController();
    this.stops.set(conversationId, stop);
    const ended = await call({
      signal: stop.signal,
      progress: (progress) => {
        if (progress.type === "delta") this.onDelta(conversationId, progress);
      },
    });
    const answer = ended.messages.at(-1);
    if (!answer) throw new Error("the answer's call ended without its message");
    return answer;
  }
}
