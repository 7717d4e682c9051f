import { stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
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
} from "../../common/contract/index.ts";
import { serviceHandlers } from "../../common/rpc/service-handlers.ts";
import { ApiStatusService } from "./api-status-service.ts";
import { appChats } from "./app-chats.ts";
import type { ChatService } from "./chat/chat-service.ts";
import { withoutHostPaths, type ClientAccess } from "./host-path-guard.ts";
import type { ConversationStore } from "./chat/conversation-store.ts";
import { KeepAlive, type IdleTimers } from "./chat/keep-alive.ts";
import type { SpawnEngine } from "./inference/engine-process.ts";
import { EngineSupervisor, type LoadOptions } from "./inference/supervisor.ts";
import type { Catalog } from "../../../models/catalog.ts";
import { createLibraryBackend, type LibraryBackend } from "./library/library-backend.ts";
import type { UploadRequest } from "./library/upload-import.ts";
import { activeModelInSettings } from "./settings/active-model.ts";
import { PresetStore } from "./settings/preset-store.ts";
import { createModelsFolderService, type ModelsFolderService } from "./library/models-folder-service.ts";
import { TokenStore, type SecretCipher } from "./settings/token-store.ts";
import type { RemoteService } from "./remote/remote-service.ts";
import { remoteServers } from "./remote-servers.ts";
import type { RemoteBounds } from "../remote/remote-backend.ts";
import { keepAliveMinutesFrom, loadOptionsFrom } from "./settings/engine-settings.ts";
import { SettingsService } from "./settings/settings-service.ts";

export interface AppBackendOptions {
  spawnEngine: SpawnEngine;
  /** Electron's `app.getPath("userData")`: settings.json, chat-state.json and chats/ live there. Absent: all in memory. */
  userDataDir?: string;
  /** Overrides the load options from the settings (tests). */
  loadOptions?: LoadOptions;
  conversationStore?: ConversationStore;
  /** For the keep-alive's idle countdown (tests). */
  timers?: IdleTimers;
  /** The catalog offered in the Library; default the bundled models/catalog.json. */
  catalog?: Catalog;
  /** Where models go; default `<userData>/models`. */
  modelsDir?: string;
  /** Protects the Hugging Face token at rest (Electron's safeStorage); unencrypted without it. */
  tokenCipher?: SecretCipher;
  fetch?: typeof fetch;
  /** How often the device panel refreshes (0: never; tests). */
  devicePollMs?: number;
  /** The app's page is shown by an Electron window on this machine (false: --headless and `npm run serve`, a browser elsewhere). */
  localRenderer?: boolean;
  /** The native "Open GGUF file…" dialog; absent in the browser host. */
  openModelFile?: () => Promise<string | null>;
  /** Shows the models folder in the file manager (Electron's shell); absent in the browser host. */
  openFolder?: (folder: string) => Promise<void>;
  onRejected?: (reason: string) => void;
  /** The timeouts and size limits of requests to other computers (tests shorten them). */
  remoteBounds?: RemoteBounds;
  /** Runs before each desktop answer: the local API stops a program's answer so the person at the screen goes first. */
  beforeDesktopAnswer?: () => Promise<void>;
}

/**
 * Everything the main process serves, independent of the transport: Electron's MessagePort and the
 * browser host's WebSocket both call `connect`, so there is one implementation of every service.
 */
export class AppBackend {
  readonly supervisor: EngineSupervisor;
  readonly chats: ChatService;
  readonly settings: SettingsService;
  readonly keepAlive: KeepAlive;
  readonly library: LibraryBackend;
  readonly presets: PresetStore;
  readonly remote: RemoteService;
  /** The local API's status, token and activity, as the windows see them (start-api-access.ts serves it). */
  readonly apiStatus: ApiStatusService;
  private readonly modelsDir: string;
  private readonly token: TokenStore;
  private readonly modelsFolder: ModelsFolderService;
  private readonly clients = new Set<RpcServer<AppContract>>();

  constructor(private readonly options: AppBackendOptions) {
    const { userDataDir } = options;
    this.settings = new SettingsService(userDataDir ? { file: path.join(userDataDir, "settings.json") } : {});
    this.supervisor = new EngineSupervisor(options.spawnEngine, options.loadOptions ?? loadOptionsFrom(this.settings.current));
    this.keepAlive = new KeepAlive({
      engine: this.supervisor,
      idleMinutes: () => keepAliveMinutesFrom(this.settings.current),
      ...(options.timers && { timers: options.timers }),
      onError: (error) => console.warn(`[main] keep-alive could not unload the model: ${String(error)}`),
    });
    this.presets = new PresetStore({
      ...(userDataDir && { file: path.join(userDataDir, "presets.json") }),
      language: () => this.settings.current.appearance.language,
      // Chats that used a deleted preset go back to none.
      deleted: (id) => this.chats.presetDeleted(id),
    });
    const broadcast = this.broadcast.bind(this);
    this.apiStatus = new ApiStatusService(broadcast);
    const remote = remoteServers({ dir: userDataDir, cipher: options.tokenCipher, bounds: options.remoteBounds, supervisor: this.supervisor, broadcast, chats: () => this.chats });
    this.remote = remote.service;
    this.chats = appChats({
      userDataDir,
      conversationStore: options.conversationStore,
      supervisor: this.supervisor,
      backends: remote.backends,
      settings: this.settings,
      presets: this.presets,
      keepAlive: this.keepAlive,
      useModel: (modelId) => this.useModel(modelId),
      beforeDesktopAnswer: options.beforeDesktopAnswer,
      broadcast,
    });
    this.token = new TokenStore(userDataDir ? path.join(userDataDir, "hf-token") : undefined, options.tokenCipher);
    const activeInSettings = activeModelInSettings(this.settings);
    this.modelsDir = options.modelsDir ?? path.join(userDataDir ?? path.join(os.tmpdir(), `edge-gemma-${process.pid}`), "models");
    this.library = createLibraryBackend({
      modelsDir: this.modelsDir,
      getEndpoint: () => this.settings.current.network.huggingFaceEndpoint,
      getRegistryEndpoint: () => this.settings.current.network.ollamaRegistry,
      ...(options.catalog ? { catalog: options.catalog } : {}),
      getToken: () => this.token.get(),
      activeModel: {
        get: () => activeInSettings.get(),
        // Choosing a model loads it (the engine unloads the old one first); choosing none unloads.
        set: async (model) => {
          await activeInSettings.set(model);
          if (model) this.supervisor.loadModel(model.path).catch(() => undefined);
          else await this.supervisor.unload();
        },
      },
      emit: (event, payload) => this.broadcast(event, payload),
      ...(options.fetch && { fetch: options.fetch }),
      ...(options.devicePollMs !== undefined && { devicePollMs: options.devicePollMs }),
      enginePid: () => this.supervisor.pid,
      localRenderer: options.localRenderer ?? false,
    });
    this.modelsFolder = createModelsFolderService({
      library: this.library,
      supervisor: this.supervisor,
      settings: this.settings,
      modelsDir: this.modelsDir,
      ...(options.openFolder && { openFolder: options.openFolder }),
    });
    this.supervisor.onStatus((status) => this.broadcast("engine.status", status));
    this.presets.onChange((presets) => this.broadcast("presets.changed", presets));
    this.settings.onChange((settings, changedKeys) => {
      if (!options.loadOptions) this.supervisor.setLoadOptions(loadOptionsFrom(settings));
      if (changedKeys.includes("model.keepAlive")) this.keepAlive.settingsChanged();
      if (changedKeys.includes("appearance.language")) this.presets.languageChanged();
      this.broadcast("settings.changed", { settings, changedKeys });
    });
  }

  async start(): Promise<void> {
    await this.settings.load();
    await this.presets.load();
    if (this.presets.problem) console.warn(`[main] ${this.presets.problem}`);
    if (!this.options.loadOptions) this.supervisor.setLoadOptions(loadOptionsFrom(this.settings.current));
    await this.chats.load();
    await this.remote.start();
    await this.library.start();
    await this.loadActiveModel();
  }

  /** The engine loads the chosen model at startup (a model deleted behind our back is forgotten). */
  private async loadActiveModel(): Promise<void> {
    const modelPath = this.settings.current.model.activeModelPath;
    if (!modelPath) return;
    if (!(await stat(modelPath).catch(() => undefined))?.isFile()) {
      await this.settings.update({ patch: { model: { activeModelPath: null } } });
      return;
    }
    this.supervisor.loadModel(modelPath).catch(() => undefined);
  }

  /** A chat's model: loaded (and made the active one) unless it already is; a model no longer installed is skipped. */
  private async useModel(modelId: string): Promise<void> {
    const model = await this.library.models.get(modelId);
    if (!model) return;
    const status = this.supervisor.status;
    const loaded = status.state === "ready" || status.state === "generating" ? status.model.path : undefined;
    if (loaded !== undefined && path.resolve(loaded) === path.resolve(model.path)) return;
    await this.settings.update({ patch: { model: { activeModelPath: model.path } } });
    await this.supervisor.loadModel(model.path);
  }

  /** Serves the app contract to one client until the returned function is called. */
  connect(transport: MessageTransport, access: ClientAccess = { hostPaths: true }): () => void {
    const client: { server?: RpcServer<AppContract> } = {};
    const all = this.handlers(() => client.server);
    const handlers = access.hostPaths ? all : withoutHostPaths(all);
    const server = serveRpc(transport, appContract, handlers, this.options.onRejected ? { onRejected: this.options.onRejected } : {});
    client.server = server;
    this.clients.add(server);
    return () => {
      server.close();
      this.clients.delete(server);
    };
  }

  /** A model file uploaded from a browser (the browser host's upload route). */
  receiveUpload(request: UploadRequest) {
    return this.library.importUpload(request);
  }

  dispose(): void {
    for (const client of this.clients) client.close();
    this.clients.clear();
    this.keepAlive.dispose();
    void this.library.close();
    this.supervisor.dispose();
  }

  /** To every client, or every client but `except` (the caller, which learns it from its call). */
  private broadcast<E extends EventName<AppContract>>(event: E, payload: PayloadOf<AppContract, E>, except?: RpcServer<AppContract>): void {
    for (const client of this.clients) if (client !== except) client.emit(event, payload);
  }

  /** The app contract's handlers, generated from the services that serve its namespaces. */
  private handlers(caller: () => RpcServer<AppContract> | undefined): Handlers<AppContract> {
    const { supervisor } = this;
    const openModelFile = this.options.openModelFile;
    return serviceHandlers(appContract, {
      engine: {
        getStatus: () => supervisor.status,
        loadModel: ({ path }) => supervisor.loadModel(path),
        unload: async () => (await supervisor.unload(), {}),
      },
      dialog: {
        openModelFile: async () => {
          if (!openModelFile) throw new AppError("UNAVAILABLE", "No file dialog here: use the model library to import");
          return { path: await openModelFile() };
        },
      },
      // An answer's start and end reach its caller as the call's progress and result, the other clients as events.
      chat: this.chats.calledBy((change) => this.broadcast("chat.changed", change, caller())),
      settings: this.settings,
      presets: this.presets,
      network: this.token,
      remote: this.remote,
      library: { ...this.library.services.library, ...this.modelsFolder },
      downloads: this.library.services.downloads,
      device: this.library.services.device,
      apiAccess: this.apiStatus.apiAccess,
      api: this.apiStatus.api,
    });
  }
}
