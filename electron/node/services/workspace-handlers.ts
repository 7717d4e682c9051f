import path from "node:path";
import type { AppContract } from "../../common/contract/app-contract.ts";
import type { modelsFolderMethods } from "../../common/contract/app/models-folder.ts";
import type { presetMethods } from "../../common/contract/app/presets.ts";
import type { Handlers } from "../../common/rpc/rpc-server.ts";
import type { EngineSupervisor } from "./inference/supervisor.ts";
import type { LibraryBackend } from "./library/library-backend.ts";
import { defaultContextSize } from "./library/fit.ts";
import { adviseOnMemory } from "./library/memory-advice.ts";
import { createModelsFolder } from "./library/models-folder.ts";
import type { PresetStore } from "./settings/preset-store.ts";
import type { SettingsService } from "./settings/settings-service.ts";

type WorkspaceMethod = keyof typeof presetMethods | keyof typeof modelsFolderMethods;

export interface WorkspaceHandlerSources {
  presets: PresetStore;
  library: LibraryBackend;
  supervisor: EngineSupervisor;
  settings: SettingsService;
  modelsDir: string;
  /** Chats that used a deleted preset go back to none. */
  presetDeleted: (id: string) => Promise<void>;
  openFolder?: (folder: string) => Promise<void>;
}

/** Presets, the models folder and the out-of-memory advice: the methods main adds for the chat and Library screens. */
export function workspaceHandlers(sources: WorkspaceHandlerSources): Pick<Handlers<AppContract>, WorkspaceMethod> {
  const folder = createModelsFolder({
    modelsDir: sources.modelsDir,
    models: sources.library.models,
    ...(sources.openFolder && { openFolder: sources.openFolder }),
  });
  return {
    "presets.list": () => sources.presets.list(),
    "presets.save": ({ preset }) => sources.presets.save(preset),
    "presets.delete": async ({ id }) => {
      const deleted = await sources.presets.delete(id);
      if (deleted) await sources.presetDeleted(id);
      return { deleted };
    },
    "library.modelsFolder": () => folder.describe(),
    "library.openModelsFolder": () => folder.open(),
    "library.memoryAdvice": () => {
      const status = sources.supervisor.status;
      const settings = sources.settings.current;
      const loadedSize = status.state === "ready" || status.state === "generating" ? status.model.contextSize : undefined;
      const configured = settings.model.contextSize === "auto" ? defaultContextSize : settings.model.contextSize;
      const modelPath = ("modelPath" in status ? status.modelPath : undefined) ?? settings.model.activeModelPath;
      return adviseOnMemory(
        { catalog: sources.library.catalog, device: sources.library.device, models: sources.library.models },
        { modelPath: modelPath ? path.resolve(modelPath) : null, contextSize: loadedSize ?? configured },
      );
    },
  };
}
