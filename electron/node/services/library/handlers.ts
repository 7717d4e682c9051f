/** The library contract's namespaces (library, downloads, device) served by the services, and its events wired to them. */
import path from "node:path";
import type { z } from "zod";
import { libraryEvents, libraryMethods, type InstalledModel } from "../../../common/contract/app/library.ts";
import { AppError } from "../../../common/contract/errors.ts";
import { defineContract } from "../../../common/rpc/rpc-envelope.ts";
import type { ServiceOf, ServicesOf } from "../../../common/rpc/service-handlers.ts";
import type { CatalogService } from "./catalog-service.ts";
import type { DeviceInfoService } from "./device-info.ts";
import type { DownloadService } from "./download-service.ts";
import type { ImportResult } from "../../../common/contract/app/library.ts";
import type { ImportRequest } from "./import-model.ts";
import type { ModelLibrary } from "./installed-models.ts";
import type { FoundModels } from "./local-stores/found-models.ts";

export const libraryContract = defineContract({ methods: libraryMethods, events: libraryEvents });
export type LibraryContract = typeof libraryContract;

type LibraryEvents = typeof libraryEvents;
export type LibraryEmit = <E extends keyof LibraryEvents>(event: E, payload: z.output<LibraryEvents[E]>) => void;

/** Which model the chat uses: main keeps it in the settings and tells the engine. */
export interface ActiveModelStore {
  get(): Promise<string | null>;
  set(model: InstalledModel | null): Promise<void>;
}

export interface LibraryServices {
  catalog: CatalogService;
  models: ModelLibrary;
  downloads: DownloadService;
  device: DeviceInfoService;
  /** `importModel` with its dependencies bound. */
  importModel(request: ImportRequest): Promise<ImportResult>;
  /** Gemma 2 files in Ollama's and Hugging Face's folders on this machine, used in place. */
  found: FoundModels;
  activeModel: ActiveModelStore;
}

/**
 * The store remembers the active model by its file's name; a model used in place under another name (an Ollama
 * blob, `sha256-<hex>`, listed as `ollama-gemma2-2b.gguf`) is matched by its file.
 */
function isActive(model: InstalledModel, activeName: string | null): boolean {
  return activeName !== null && (model.id === activeName || path.basename(model.path) === activeName);
}

export function createLibraryServices(services: LibraryServices, emit: LibraryEmit): ServicesOf<LibraryContract> {
  const changed = (reason: z.output<LibraryEvents["library.changed"]>["reason"], id: string | null) => emit("library.changed", { reason, id });
  let estimatesRefresh: Promise<number> | undefined;
  /**
   * Reads the remote GGUF headers (network). Only ever started by the Library's "Check online", which says it goes
   * online — never by opening a screen: the listing itself comes from the bundled catalog.
   */
  const refreshEstimates = (): Promise<number> => {
    estimatesRefresh ??= services.catalog
      .refreshEstimates()
      .then((read) => {
        if (read > 0) changed("estimates", null);
        return read;
      })
      .finally(() => (estimatesRefresh = undefined));
    return estimatesRefresh;
  };

  const library: ServiceOf<LibraryContract, "library"> = {
    catalog: async ({ contextSize }) => services.catalog.list(contextSize === undefined ? {} : { contextSize }),
    checkOnline: async () => ({ headersRead: await refreshEstimates() }),
    installed: async () => {
      const [models, modelsFolderBytes, freeDiskBytes, active] = await Promise.all([
        services.models.list(),
        services.models.folderBytes(),
        services.models.freeBytes(),
        services.activeModel.get(),
      ]);
      return { models, modelsFolderBytes, freeDiskBytes, activeId: models.find((model) => isActive(model, active))?.id ?? null };
    },
    delete: async ({ id }) => {
      const model = await services.models.get(id);
      if (model && isActive(model, await services.activeModel.get())) {
        await services.activeModel.set(null);
        changed("active", null);
      }
      const result = await services.models.delete(id);
      changed("deleted", id);
      return result;
    },
    setActive: async ({ id }) => {
      if (id === null) {
        await services.activeModel.set(null);
        changed("active", null);
        return { activeId: null, path: null };
      }
      const model = await services.models.get(id);
      if (!model) throw new AppError("NOT_FOUND", `${id} is not installed.`);
      await services.activeModel.set(model);
      changed("active", id);
      return { activeId: id, path: model.path };
    },
    import: async ({ path, mode }, { signal }) => {
      const result = await services.importModel({
        sourcePath: path,
        mode,
        signal,
        onProgress: (copiedBytes, totalBytes) => emit("library.importProgress", { path, copiedBytes, totalBytes }),
      });
      changed("imported", result.model.id);
      return result;
    },
    found: async () => ({ models: await services.found.list() }),
    useFound: async ({ path }, { signal }) => {
      const result = await services.found.adopt(path, signal);
      changed("imported", result.model.id);
      return result;
    },
  };
  const downloads: ServiceOf<LibraryContract, "downloads"> = {
    list: () => ({ jobs: services.downloads.list() }),
    start: async ({ variantId }) => {
      const variant = services.catalog.variant(variantId);
      if (!variant) throw new AppError("NOT_FOUND", `${variantId} is not in the catalog.`);
      return services.downloads.start({
        source: variant.source,
        file: variant.file,
        variantId: variant.id,
        pinned: { sha256: variant.sha256, sizeBytes: variant.sizeBytes },
      });
    },
    pause: ({ id }) => services.downloads.pause(id),
    resume: ({ id }) => services.downloads.resume(id),
    cancel: async ({ id }) => ({ cancelled: await services.downloads.cancel(id) }),
  };
  return { library, downloads, device: { info: () => services.device.read() } };
}

export interface LibraryEventOptions {
  /** How often `device.updated` goes out (temperature, throttling, free RAM). Default 5 s; 0 turns it off. */
  devicePollMs?: number;
}

/** Forwards download progress, installs and periodic device readings as contract events. Returns a disposer. */
export function connectLibraryEvents(services: LibraryServices, emit: LibraryEmit, options: LibraryEventOptions = {}): () => void {
  const stopProgress = services.downloads.onProgress((job) => emit("downloads.progress", job));
  const stopInstalled = services.downloads.onInstalled((job) => emit("library.changed", { reason: "downloaded", id: job.file }));
  const pollMs = options.devicePollMs ?? 5000;
  const timer =
    pollMs > 0
      ? setInterval(() => {
          services.device.read().then((info) => emit("device.updated", info), () => undefined);
        }, pollMs)
      : undefined;
  timer?.unref?.();
  return () => {
    stopProgress();
    stopInstalled();
    clearInterval(timer);
  };
}
