import os from "node:os";
import { loadBundledCatalog, type Catalog } from "../../../../models/catalog.ts";
import { AppError } from "../../../common/contract/errors.ts";
import type { InstalledModel } from "../../../common/contract/app/library.ts";
import { checkDataSubfolder } from "../storage/contained-files.ts";
import { createCatalogService } from "./catalog-service.ts";
import { createDeviceInfoService, runCommandWithTimeout } from "./device-info.ts";
import { createDownloadService } from "./download-service.ts";
import { connectLibraryEvents, createLibraryServices, type ActiveModelStore, type LibraryEmit } from "./handlers.ts";
import { createHeaderEstimates } from "./header-estimates.ts";
import { importModel } from "./import-model.ts";
import { createModelLibrary, freeDiskBytes } from "./installed-models.ts";
import { createResidentMemory } from "./resident-memory.ts";
import { createFoundModels } from "./local-stores/found-models.ts";
import type { StoreEnvironment } from "./local-stores/store-paths.ts";
import { importUpload, type UploadRequest } from "./upload-import.ts";

export interface LibraryBackendOptions {
  modelsDir: string;
  /** Default: the bundled catalog. */
  catalog?: Catalog;
  /** The endpoint setting (Hugging Face or a mirror). */
  getEndpoint: () => string;
  /** The Ollama registry setting. */
  getRegistryEndpoint?: () => string;
  getToken: () => Promise<string | undefined>;
  /** Where the chosen model is remembered; `set` is also where the engine is told to switch. */
  activeModel: ActiveModelStore;
  emit: LibraryEmit;
  fetch?: typeof fetch;
  devicePollMs?: number;
  /** The engine process's pid while one runs (the supervisor's), for what the fit verdict counts as already resident. */
  enginePid?: () => number | undefined;
  /** Whether the app's page is shown by a renderer process on this machine (the Electron window); false headless. */
  localRenderer?: boolean;
  /** Where Ollama's and Hugging Face's folders are looked for. Default: this process's environment and home. */
  stores?: StoreEnvironment;
}

/** The model library, downloads, import and device panel, assembled from their services. */
export function createLibraryBackend(options: LibraryBackendOptions) {
  const { modelsDir } = options;
  const catalog = options.catalog ?? loadBundledCatalog();
  const now = () => Date.now();
  const models = createModelLibrary({ modelsDir, catalog, freeDiskBytes });
  const device = createDeviceInfoService({ runCommand: runCommandWithTimeout() });
  const downloads = createDownloadService({
    modelsDir,
    fetch: options.fetch ?? fetch,
    now,
    freeDiskBytes,
    getEndpoint: options.getEndpoint,
    ...(options.getRegistryEndpoint ? { getRegistryEndpoint: options.getRegistryEndpoint } : {}),
    getToken: options.getToken,
  });
  const importInto = (request: Parameters<typeof importModel>[0]) => importModel(request, { modelsDir, library: models, now, freeDiskBytes });
  const found = createFoundModels({
    stores: options.stores ?? { env: process.env, home: os.homedir() },
    catalog,
    installed: () => models.list(),
    importModel: importInto,
  });
  const services = {
    catalog: createCatalogService({
      catalog,
      device,
      library: models,
      resident: createResidentMemory({ localRenderer: options.localRenderer ?? false, enginePid: options.enginePid ?? (() => undefined) }),
      headerEstimates: createHeaderEstimates({ getEndpoint: options.getEndpoint, getToken: options.getToken }),
    }),
    models,
    downloads,
    device,
    importModel: importInto,
    found,
    activeModel: options.activeModel,
  };
  let disconnectEvents: (() => void) | undefined;
  // A models folder that is a link out of the data folder is reported by every library request, and never used.
  let folderRefused: AppError | undefined;
  const served = createLibraryServices(services, options.emit);
  const guarded = <S extends object>(service: S): S =>
    Object.fromEntries(
      Object.entries(service).map(([name, method]: [string, (...args: unknown[]) => unknown]) => [
        name,
        (...args: unknown[]) => (folderRefused ? Promise.reject(folderRefused) : method(...args)),
      ]),
    ) as S;
  return {
    /** The library, downloads and device namespaces of the app contract. */
    services: { library: guarded(served.library), downloads: guarded(served.downloads), device: served.device },
    models,
    /** The verified downloads, for the local API's /api/pull. */
    downloads,
    /** A model file a browser on the LAN sends as bytes (see upload-import.ts). */
    async importUpload(request: UploadRequest) {
      if (folderRefused) throw folderRefused;
      const result = await importUpload(request, { modelsDir, library: models, now, freeDiskBytes });
      options.emit("library.changed", { reason: "imported", id: result.model.id });
      return result;
    },
    /** For the out-of-memory advice, which uses the catalog's fit logic. */
    catalog: services.catalog,
    device,
    async start(): Promise<void> {
      const folder = await checkDataSubfolder(modelsDir);
      if (!folder.ok) {
        folderRefused = new AppError("UNAVAILABLE", `The models folder ${modelsDir} is not used: ${folder.reason}. Replace it with a real folder and restart Edge Gemma.`, {
          reason: "models-folder",
        });
        return;
      }
      await downloads.restore();
      disconnectEvents = connectLibraryEvents(services, options.emit, options.devicePollMs === undefined ? {} : { devicePollMs: options.devicePollMs });
    },
    async close(): Promise<void> {
      disconnectEvents?.();
      await downloads.close();
    },
  };
}

export type LibraryBackend = ReturnType<typeof createLibraryBackend>;
export type { InstalledModel };
