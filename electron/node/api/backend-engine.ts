import { stat } from "node:fs/promises";
import type { Catalog } from "../../../models/catalog.ts";
import type { ApiActivity } from "../../common/contract/index.ts";
import type { KeepAlive } from "../services/chat/keep-alive.ts";
import type { EngineSupervisor } from "../services/inference/supervisor.ts";
import type { DownloadService } from "../services/library/download-service.ts";
import type { ModelLibrary } from "../services/library/installed-models.ts";
import type { ApiChatRecordOptions } from "./api-chat-record.ts";
import type { ApiEngine, ApiModel, PullProgress } from "./api-engine.ts";
import { apiModelFor } from "./model-names.ts";

export interface BackendEngineOptions {
  supervisor: EngineSupervisor;
  models: ModelLibrary;
  downloads: DownloadService;
  catalog: Catalog;
  /** The app's keep-alive: it owns when the model is unloaded, for the desktop and programs alike. */
  keepAlive: Pick<KeepAlive, "holdForPrograms" | "unloadForPrograms" | "expiresAt">;
  /** The app's status bar learns from this which program is using the model (ApiStatusService.report). */
  reportActivity: (activity: ApiActivity) => void;
  /** The `api.keepChats` setting and the chat list it adds programs' conversations to. */
  chatRecord?: ApiChatRecordOptions;
}

/** The app's engine supervisor and model library, seen through the API's narrow port. */
export function backendEngine({ supervisor, models, downloads, catalog, keepAlive, reportActivity, chatRecord }: BackendEngineOptions): ApiEngine {
  const registryVariants = catalog.variants.flatMap((variant) => (variant.source.kind === "ollama" ? [{ variant, name: `${variant.source.model}:${variant.source.tag}` }] : []));
  // The engine's status does not say whose answer it generates; API answers reach the chat list only through chatRecord.
  let apiGenerating = false;
  return {
    ...(chatRecord && { chatRecord }),
    async listModels(): Promise<ApiModel[]> {
      const installed = await models.list();
      return Promise.all(
        installed.map(async (model) => {
          const modifiedAt = model.addedAt ?? (await stat(model.path).catch(() => undefined))?.mtimeMs ?? 0;
          return apiModelFor(model, catalog, new Date(modifiedAt));
        }),
      );
    },
    loadedModel() {
      const status = supervisor.status;
      if (status.state !== "ready" && status.state !== "generating") return undefined;
      return { path: status.model.path, contextSize: status.model.contextSize };
    },
    desktopGenerating() {
      return supervisor.status.state === "generating" && !apiGenerating;
    },
    onChange(listener) {
      return supervisor.onStatus(() => listener());
    },
    async load(model) {
      await supervisor.loadModel(model.path);
    },
    unload: () => supervisor.unload(),
    async keepAfterRequest(keepAliveMs) {
      if (keepAliveMs === 0) await keepAlive.unloadForPrograms();
      else keepAlive.holdForPrograms(keepAliveMs);
    },
    expiresAt: () => keepAlive.expiresAt(),
    reportActivity,
    pullableNames: () => registryVariants.map(({ name }) => name),
    pull(name, onProgress, signal) {
      const variant = registryVariants.find((entry) => entry.name === name)?.variant;
      if (!variant) return Promise.reject(new Error(`${name} is not in the catalog`));
      const report = (job: { state: PullProgress["state"]; receivedBytes: number; totalBytes: number | null; error: { message: string } | null }) =>
        onProgress({ state: job.state, sha256: variant.sha256, receivedBytes: job.receivedBytes, totalBytes: job.totalBytes ?? variant.sizeBytes, ...(job.error && { error: job.error.message }) });
      return new Promise<void>((resolve, reject) => {
        let jobId: string | undefined;
        const stop = downloads.onProgress((job) => {
          if (job.id !== jobId) return;
          report(job);
          if (job.state === "completed") finish();
          if (job.state === "failed" || job.state === "cancelled") finish(new Error(job.error?.message ?? `The download of ${name} was ${job.state}`));
        });
        const onAbort = () => {
          if (jobId) void downloads.pause(jobId).catch(() => undefined);
          finish(new Error("The client went away: the download is paused"));
        };
        const finish = (error?: Error) => {
          stop();
          signal.removeEventListener("abort", onAbort);
          if (error) reject(error);
          else resolve();
        };
        signal.addEventListener("abort", onAbort, { once: true });
        downloads
          .start({ source: variant.source, file: variant.file, variantId: variant.id, pinned: { sha256: variant.sha256, sizeBytes: variant.sizeBytes } })
          .then((job) => {
            jobId = job.id;
            report(job);
            if (job.state === "completed") finish();
          }, finish);
      });
    },
    async generate(request, onDelta, signal) {
      let text = "";
      apiGenerating = true;
      try {
        const result = await supervisor.generate(request, {
          signal,
          onDelta: (delta) => {
            text += delta.text;
            onDelta(delta.text);
          },
        });
        return { ...result, text };
      } finally {
        apiGenerating = false;
      }
    },
  };
}
