import { act, render } from "@testing-library/react";
import { createElement, type ReactNode } from "react";
import type { AppContract } from "../../../electron/common/contract/app-contract.ts";
import type { CatalogListing, DeviceInfo, DownloadJob, FoundModel, InstalledModel } from "../../../electron/common/contract/app/library.ts";
import { AppError } from "../../../electron/common/contract/errors.ts";
import type { EventName, PayloadOf } from "../../../electron/common/rpc/rpc-envelope.ts";
import type { Handlers } from "../../../electron/common/rpc/rpc-server.ts";
import { initI18n } from "../../../renderer/src/i18n/index.ts";
import { createAppStore } from "../../../renderer/src/state/app-store.ts";
import { StoreProvider } from "../../../renderer/src/state/StoreProvider.tsx";
import { FakeFrames } from "./fake-frames.ts";
import { GB, installedModel, piDevice, sampleCatalog } from "../library-fixtures.ts";
import { FakeMain } from "./fake-main.ts";
import { settle, type Harness } from "./render-app.tsx";

type Emit = <E extends EventName<AppContract>>(event: E, payload: PayloadOf<AppContract, E>) => void;
export { GB, fitOf, installedModel, piDevice, sampleCatalog } from "../library-fixtures.ts";

type LibraryMethod = Exclude<
  Extract<keyof Handlers<AppContract>, `library.${string}` | `downloads.${string}` | "device.info">,
  "library.modelsFolder" | "library.openModelsFolder" | "library.memoryAdvice"
>;

interface PendingImport {
  path: string;
  resolve: (result: { model: InstalledModel; warnings: string[] }) => void;
  reject: (error: AppError) => void;
}

/**
 * main's model library, downloads and device info, in memory. Tests steer it: make the next start or
 * resume fail, move a download along, finish or fail an import, send new device readings.
 */
export class FakeLibrary {
  catalog: (contextSize: number) => CatalogListing = sampleCatalog;
  models: InstalledModel[] = [];
  activeId: string | null = null;
  modelsFolderBytes = 0;
  freeDiskBytes: number | null = 20 * GB;
  readonly jobs = new Map<string, DownloadJob>();
  device: DeviceInfo = piDevice();
  startError: AppError | undefined;
  resumeError: AppError | undefined;
  importError: AppError | undefined;
  importWarnings: string[] = [];
  importArchitecture: string | null = "gemma2";
  /** Leave imports running until `finishImport` (to watch their progress). */
  holdImports = false;
  /** What `library.found` answers: Gemma 2 files in Ollama's / Hugging Face's folders. */
  found: FoundModel[] = [];
  private pendingImport: PendingImport | undefined;

  constructor(private readonly emit: Emit) {}

  /** Changes a download and tells the renderer, as main's progress events do. */
  progress(id: string, change: Partial<DownloadJob>): DownloadJob {
    const job = { ...this.mustJob(id), ...change };
    this.jobs.set(id, job);
    this.emit("downloads.progress", structuredClone(job));
    return job;
  }

  addJob(job: Partial<DownloadJob> & Pick<DownloadJob, "id">): DownloadJob {
    const full: DownloadJob = {
      variantId: job.id, source: { kind: "ollama", model: "gemma2", tag: "2b" }, file: `${job.id}.gguf`, state: "downloading",
      receivedBytes: 0, totalBytes: 1_629_509_152, bytesPerSecond: null, etaSeconds: null, error: null, retry: null, ...job,
    };
    this.jobs.set(full.id, full);
    return full;
  }

  updateDevice(change: Partial<DeviceInfo>): void {
    this.device = { ...this.device, ...change };
    this.emit("device.updated", structuredClone(this.device));
  }

  importProgress(copiedBytes: number, totalBytes: number): void {
    const pending = this.mustImport();
    this.emit("library.importProgress", { path: pending.path, copiedBytes, totalBytes });
  }

  finishImport(): void {
    const pending = this.mustImport();
    this.pendingImport = undefined;
    pending.resolve(this.imported(pending.path));
  }

  private imported(path: string) {
    const id = path.split("/").pop() ?? path;
    const model = installedModel(id, {
      path,
      architecture: this.importArchitecture,
      source: { kind: "import", originalPath: path },
    });
    this.models.push(model);
    this.emit("library.changed", { reason: "imported", id });
    return { model, warnings: this.importWarnings };
  }

  private mustImport(): PendingImport {
    if (!this.pendingImport) throw new Error("no import is running");
    return this.pendingImport;
  }

  private mustJob(id: string): DownloadJob {
    const job = this.jobs.get(id);
    if (!job) throw new AppError("NOT_FOUND", `No download called ${id}.`);
    return job;
  }

  handlers(): Pick<Handlers<AppContract>, LibraryMethod> {
    return {
      "library.catalog": ({ contextSize }) => this.catalog(contextSize ?? 4096),
      "library.checkOnline": () => ({ headersRead: 0 }),
      "library.found": () => ({ models: structuredClone(this.found) }),
      "library.useFound": ({ path }) => {
        const found = this.found.find((model) => model.path === path);
        if (!found) throw new AppError("NOT_FOUND", `${path} was not found.`);
        this.found = this.found.filter((model) => model.path !== path);
        const id = `${found.store}-${found.name.replace(/[^\w.-]+/g, "-")}.gguf`;
        const model = installedModel(id, {
          path: found.path,
          inPlace: true,
          source: { kind: "import", originalPath: found.path, foundIn: { store: found.store, name: found.name, storeRoot: found.storeRoot } },
        });
        this.models.push(model);
        this.emit("library.changed", { reason: "imported", id });
        return { model, warnings: [] };
      },
      "library.installed": () => ({
        models: structuredClone(this.models),
        modelsFolderBytes: this.modelsFolderBytes,
        freeDiskBytes: this.freeDiskBytes,
        activeId: this.activeId,
      }),
      "library.delete": ({ id }) => {
        const model = this.models.find((m) => m.id === id);
        if (!model) throw new AppError("NOT_FOUND", `${id} is not installed.`);
        this.models = this.models.filter((m) => m.id !== id);
        if (this.activeId === id) this.activeId = null;
        this.emit("library.changed", { reason: "deleted", id });
        return { freedBytes: model.inPlace ? 0 : model.sizeBytes };
      },
      "library.setActive": ({ id }) => {
        const model = this.models.find((m) => m.id === id);
        if (id !== null && !model) throw new AppError("NOT_FOUND", `${id} is not installed.`);
        this.activeId = id;
        this.emit("library.changed", { reason: "active", id });
        if (model) this.emit("engine.status", { state: "loading", modelPath: model.path, progress: 0.1 });
        return { activeId: id, path: model?.path ?? null };
      },
      "library.import": ({ path }, { signal }) => {
        if (this.importError) throw this.importError;
        if (!this.holdImports) return this.imported(path);
        return new Promise((resolve, reject) => {
          this.pendingImport = { path, resolve, reject };
          signal.addEventListener("abort", () => {
            this.pendingImport = undefined;
            reject(new AppError("CANCELLED", "Import cancelled."));
          });
        });
      },
      "downloads.list": () => ({ jobs: [...this.jobs.values()] }),
      "downloads.start": ({ variantId }) => {
        if (this.startError) throw this.startError;
        const variant = this.catalog(4096).items.find((item) => item.variant.id === variantId)?.variant;
        if (!variant) throw new AppError("NOT_FOUND", `${variantId} is not in the catalog.`);
        const busy = [...this.jobs.values()].some((job) => job.state === "downloading");
        const job = this.addJob({ id: variantId, source: variant.source, file: variant.file, totalBytes: variant.sizeBytes, state: busy ? "queued" : "downloading" });
        this.emit("downloads.progress", job);
        return job;
      },
      "downloads.pause": ({ id }) => this.progress(id, { state: "paused", bytesPerSecond: null, etaSeconds: null }),
      "downloads.resume": ({ id }) => {
        if (this.resumeError) throw this.resumeError;
        return this.progress(id, { state: "downloading", error: null });
      },
      "downloads.cancel": ({ id }) => {
        const job = this.jobs.get(id);
        if (!job) return { cancelled: false };
        this.jobs.delete(id);
        this.emit("downloads.progress", { ...job, state: "cancelled" });
        return { cancelled: true };
      },
      "device.info": () => structuredClone(this.device),
    };
  }
}

export interface LibraryHarness extends Harness {
  library: FakeLibrary;
}

/** `renderWithMain`, with the library methods served by a FakeLibrary (prepared before the store starts). */
export async function renderWithLibrary(ui: ReactNode, prepare?: (library: FakeLibrary, main: FakeMain) => void): Promise<LibraryHarness> {
  initI18n("en");
  const events: { to?: FakeMain } = {};
  const library = new FakeLibrary((event, payload) => events.to?.emit(event, payload));
  const main = new FakeMain(library.handlers());
  events.to = main;
  prepare?.(library, main);
  const frames = new FakeFrames();
  const store = createAppStore(main.client, { scheduler: frames });
  const view = render(createElement(StoreProvider, { store, children: ui }));
  await act(() => store.start());
  await settle();
  return { ...view, main, frames, store, library };
}
