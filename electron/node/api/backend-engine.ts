import { stat } from "node:fs/promises";
import type { Catalog } from "../../../models/catalog.ts";
import type { EngineSupervisor } from "../services/inference/supervisor.ts";
import type { ModelLibrary } from "../services/library/installed-models.ts";
import type { ApiEngine, ApiModel } from "./api-engine.ts";
import { apiModelFor } from "./model-names.ts";

/**
 * Every API answer runs as this one engine conversation. It is never stored, so API chats never reach the chat
 * list; and a client that sends its chat again with one more message finds the engine's cache still holding the rest.
 */
export const apiConversationId = "api-client";

export interface BackendEngineOptions {
  supervisor: EngineSupervisor;
  models: ModelLibrary;
  catalog: Catalog;
}

/** The app's engine supervisor and model library, seen through the API's narrow port. */
export function backendEngine({ supervisor, models, catalog }: BackendEngineOptions): ApiEngine {
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
      const status = supervisor.status;
      return status.state === "generating" && status.conversationId !== apiConversationId;
    },
    onChange(listener) {
      return supervisor.onStatus(() => listener());
    },
    async load(model) {
      await supervisor.loadModel(model.path);
    },
    unload: () => supervisor.unload(),
    generate(request, onDelta, signal) {
      return supervisor.prompt({ conversationId: apiConversationId, ...request }, ({ text }) => onDelta(text), signal);
    },
  };
}
