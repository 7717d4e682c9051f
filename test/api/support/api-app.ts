import { readFileSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadBundledCatalog, type Catalog } from "../../../models/catalog.ts";
import type { ApiEngine, GenerationResult } from "../../../electron/node/api/api-engine.ts";
import { startApiServer, type ApiServer } from "../../../electron/node/api/api-server.ts";
import { apiEngineOver } from "../../../electron/node/api/start-api-access.ts";
import { DesktopPriority } from "../../../electron/node/api/desktop-priority.ts";
import { AppBackend } from "../../../electron/node/services/app-backend.ts";
import { appContract, createRpcClient, type AppContract, type RpcClient } from "../../../electron/common/contract/index.ts";
import { spawnTestEngine } from "../../support/engine.ts";
import { memoryTransportPair } from "../../support/memory-transport.ts";
import { testLoadOptions, tinyModel } from "../../support/models.ts";

/**
 * The catalog's 2B Q4_0 file name: the Library recognises it as the catalog file Ollama calls `gemma2:2b`. The bytes
 * are the tiny generated model (random weights, Gemma 2 architecture), so the real engine answers quickly.
 */
export const catalogFileName = "gemma-2-2b-it-Q4_0.gguf";
export const ollamaName = "gemma2:2b";

export interface ApiApp {
  backend: AppBackend;
  server: ApiServer;
  /** What the engine returned for each API generation, in order (recorded, the engine itself is real). */
  results: GenerationResult[];
  close(): Promise<void>;
}

/** The real backend and engine with the tiny model in its models folder, and the API in front of it on a free port. */
export async function startApiApp(options: { maxWaiting?: number; catalog?: Catalog; ollamaRegistry?: string } = {}): Promise<ApiApp> {
  const catalog = options.catalog ?? loadBundledCatalog();
  const work = await mkdtemp(path.join(os.tmpdir(), "edge-gemma-api-"));
  const dataDir = path.join(work, "data");
  await mkdir(path.join(dataDir, "models"), { recursive: true });
  const modelPath = path.join(dataDir, "models", catalogFileName);
  await copyFile(await tinyModel("q4_0"), modelPath);
  const desktopPriority = new DesktopPriority();
  const backend = new AppBackend({ beforeDesktopAnswer: desktopPriority.beforeDesktopAnswer, spawnEngine: spawnTestEngine(), userDataDir: dataDir, devicePollMs: 0, loadOptions: testLoadOptions, catalog });
  await backend.start();
  if (options.ollamaRegistry) await backend.settings.update({ patch: { network: { ollamaRegistry: options.ollamaRegistry } } });
  // Loaded up front, so each test's time is its own; the Ollama client test unloads and reloads it through the API.
  await backend.supervisor.loadModel(modelPath);
  const results: GenerationResult[] = [];
  const engine = apiEngineOver(backend, catalog);
  const recording: ApiEngine = {
    ...engine,
    generate: async (request, onDelta, signal) => {
      const result = await engine.generate(request, onDelta, signal);
      results.push(result);
      return result;
    },
  };
  const server = await startApiServer({ engine: recording, version: "0.1.0", port: 0, desktopPriority, ...(options.maxWaiting !== undefined && { maxWaiting: options.maxWaiting }) });
  return {
    backend,
    server,
    results,
    async close() {
      await server.close();
      backend.dispose();
      await rm(work, { recursive: true, force: true });
    },
  };
}

/** What ollama-js sends as its User-Agent, up to the platform comment (dist/browser.mjs: `ollama-js/${version} (…)`). */
export const ollamaJsUserAgent = `ollama-js/${(JSON.parse(readFileSync("node_modules/ollama/package.json", "utf8")) as { version: string }).version}`;

/** A desktop window's client of the app's backend (the in-memory transport), as the renderer holds one. */
export function connectWindow(app: ApiApp): RpcClient<AppContract> {
  const [windowEnd, mainEnd] = memoryTransportPair();
  app.backend.connect(mainEnd);
  return createRpcClient(windowEnd, appContract);
}
