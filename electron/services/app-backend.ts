import {
  AppError,
  appContract,
  serveRpc,
  type AppContract,
  type EventName,
  type Handlers,
  type MessageTransport,
  type PayloadOf,
  type RpcServer,
} from "../contract/index.ts";
import { ChatService } from "./chat/chat-service.ts";
import { MemoryConversationStore, type ConversationStore } from "./chat/conversation-store.ts";
import type { SpawnEngine } from "./inference/engine-process.ts";
import { EngineSupervisor, type LoadOptions } from "./inference/supervisor.ts";

export interface AppBackendOptions {
  spawnEngine: SpawnEngine;
  loadOptions?: LoadOptions;
  conversationStore?: ConversationStore;
  /** The native "Open GGUF file…" dialog; absent in the browser host. */
  openModelFile?: () => Promise<string | null>;
  onRejected?: (reason: string) => void;
}

/**
 * Everything the main process serves, independent of the transport: Electron's MessagePort and the
 * browser host's WebSocket both call `connect`, so there is one implementation of every service.
 */
export class AppBackend {
  readonly supervisor: EngineSupervisor;
  readonly chats: ChatService;
  private readonly clients = new Set<RpcServer<AppContract>>();

  constructor(private readonly options: AppBackendOptions) {
    this.supervisor = new EngineSupervisor(options.spawnEngine, options.loadOptions);
    this.chats = new ChatService({
      supervisor: this.supervisor,
      store: options.conversationStore ?? new MemoryConversationStore(),
      events: {
        delta: (delta) => this.broadcast("chat.delta", delta),
        updated: (conversation) => this.broadcast("chat.updated", conversation),
      },
    });
    this.supervisor.onStatus((status) => this.broadcast("engine.status", status));
  }

  async start(): Promise<void> {
    await this.chats.restore();
  }

  /** Serves the app contract to one client until the returned function is called. */
  connect(transport: MessageTransport): () => void {
    const server = serveRpc(transport, appContract, this.handlers(), this.options.onRejected ? { onRejected: this.options.onRejected } : {});
    this.clients.add(server);
    return () => {
      server.close();
      this.clients.delete(server);
    };
  }

  dispose(): void {
    for (const client of this.clients) client.close();
    this.clients.clear();
    this.supervisor.dispose();
  }

  private broadcast<E extends EventName<AppContract>>(event: E, payload: PayloadOf<AppContract, E>): void {
    for (const client of this.clients) client.emit(event, payload);
  }

  private handlers(): Handlers<AppContract> {
    const { supervisor, chats } = this;
    return {
      "engine.getStatus": () => supervisor.status,
      "engine.loadModel": ({ path }) => supervisor.loadModel(path),
      "engine.unload": async () => (await supervisor.unload(), {}),
      "dialog.openModelFile": async () => {
        if (!this.options.openModelFile) throw new AppError("UNAVAILABLE", "No file dialog here: use the model library to import");
        return { path: await this.options.openModelFile() };
      },
      "chat.list": () => chats.list(),
      "chat.create": () => chats.create(),
      "chat.get": ({ conversationId }) => chats.get(conversationId),
      "chat.send": ({ conversationId, text }) => chats.send(conversationId, text),
      "chat.stop": async ({ conversationId }) => ({ stopped: await chats.stop(conversationId) }),
    };
  }
}
