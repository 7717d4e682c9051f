import path from "node:path";
import { loadBundledCatalog, type Catalog } from "../../../models/catalog.ts";
import type { AppBackend } from "../services/app-backend.ts";
import { ApiAccess } from "./api-access.ts";
import { apiChatRecord } from "./api-chat-record.ts";
import type { ApiEngine } from "./api-engine.ts";
import { startApiServer } from "./api-server.ts";
import { ApiTokenStore } from "./api-token-store.ts";
import { backendEngine } from "./backend-engine.ts";
import type { DesktopPriority } from "./desktop-priority.ts";

export interface StartApiAccessOptions {
  backend: AppBackend;
  /** The same one the backend's `beforeDesktopAnswer` calls: the person at the screen goes first. */
  desktopPriority: DesktopPriority;
  /** Where the token's hash is kept (`api-token.json`); absent: in memory only. */
  userDataDir?: string;
  /** Reported by /api/version. */
  version: string;
  catalog?: Catalog;
  /** Tried first (default 11434). */
  port?: number;
  /** Loopback at least, whatever the settings say (`npm run serve -- --api`, headless `--api-port`). */
  forceLocal?: boolean;
}

/**
 * What the API asks of the app: the backend's engine, models, downloads and keep-alive, its status bar told which
 * program is answered, and the programs' chats kept when Settings say so.
 */
export function apiEngineOver(backend: AppBackend, catalog: Catalog = loadBundledCatalog()): ApiEngine {
  return backendEngine({
    supervisor: backend.supervisor,
    models: backend.library.models,
    downloads: backend.library.downloads,
    keepAlive: backend.keepAlive,
    reportActivity: (activity) => backend.apiStatus.report(activity),
    chatRecord: apiChatRecord(backend),
    catalog,
  });
}

/** The local API over a backend's engine, following its settings, with its status and token served to the UI. */
export async function startApiAccess(options: StartApiAccessOptions): Promise<ApiAccess> {
  const { backend, desktopPriority, version } = options;
  const tokens = new ApiTokenStore(options.userDataDir === undefined ? undefined : path.join(options.userDataDir, "api-token.json"));
  await tokens.load();
  const engine = apiEngineOver(backend, options.catalog);
  const access = new ApiAccess({
    settings: backend.settings,
    tokens,
    startServer: (listen) => startApiServer({ engine, version, desktopPriority, ...listen }),
    ...(options.port !== undefined && { port: options.port }),
    ...(options.forceLocal !== undefined && { forceLocal: options.forceLocal }),
  });
  backend.apiStatus.serve(access);
  await access.start();
  return access;
}
