import { stat } from "node:fs/promises";
import type { Catalog } from "../../../models/catalog.ts";
import type { EngineSupervisor } from "../services/inference/supervisor.ts";
import type { ModelLibrary } from "../services/library/installed-models.ts";
import type { ApiEngine, ApiModel } from "./api-engine.ts";
import { apiModelFor } from "./model-names.ts";

export interface BackendEngineOptions {
  supervisor: EngineSupervisor;
  models: ModelLibrary;
  catalog: Catalog;
}

/** The app's engine supervisor and model library, seen through the API's narrow port. */
export function backendEngine({ supervisor, models, catalog }: BackendEngineOptions): ApiEngine {
  // The engine's status does not say whose answer it generates; API answers are never stored, so they never reach the chat list.
  let apiGenerating = false;
  return {
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
