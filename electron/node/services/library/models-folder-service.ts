import path from "node:path";
import type { modelsFolderMethods } from "../../../common/contract/app/models-folder.ts";
import type { ServiceOf } from "../../../common/rpc/service-handlers.ts";
import type { EngineSupervisor } from "../inference/supervisor.ts";
import type { SettingsService } from "../settings/settings-service.ts";
import { defaultContextSize } from "./fit.ts";
import type { LibraryBackend } from "./library-backend.ts";
import { adviseOnMemory } from "./memory-advice.ts";
import { createModelsFolder } from "./models-folder.ts";

/** The models folder's and the out-of-memory advice's part of the app contract's "library" namespace. */
export type ModelsFolderService = ServiceOf<{ methods: typeof modelsFolderMethods; events: Record<never, never> }, "library">;

export interface ModelsFolderSources {
  library: LibraryBackend;
  supervisor: EngineSupervisor;
  settings: SettingsService;
  modelsDir: string;
  openFolder?: (folder: string) => Promise<void>;
}

/** The models folder (shown, opened) and what to change after the engine ran out of memory, for the Library screen. */
export function createModelsFolderService(sources: ModelsFolderSources): ModelsFolderService {
  const folder = createModelsFolder({
    modelsDir: sources.modelsDir,
    models: sources.library.models,
    ...(sources.openFolder && { openFolder: sources.openFolder }),
  });
  return {
    modelsFolder: () => folder.describe(),
    openModelsFolder: () => folder.open(),
    memoryAdvice: () => {
      const status = sources.supervisor.status;
      const settings = sources.settings.current;
      const loadedSize = status.state === "ready" || status.state === "generating" ? status.model.contextSize : undefined;
      const configured = settings.model.contextSize === "auto" ? defaultContextSize : settings.model.contextSize;
      const modelPath = ("modelPath" in status ? status.modelPath : undefined) ?? settings.model.activeModelPath;
      return adviseOnMemory(
        { catalog: sources.library.catalog, models: sources.library.models },
        { modelPath: modelPath ? path.resolve(modelPath) : null, contextSize: loadedSize ?? configured },
      );
    },
  };
}
