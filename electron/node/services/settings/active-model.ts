import path from "node:path";
import type { SettingsService } from "./settings-service.ts";

/**
 * The chosen model kept in the settings (`model.activeModelPath`), in the shape the model library's
 * `ActiveModelStore` expects: it reads the id (the model's file name) and stores the path.
 */
export function activeModelInSettings(settings: SettingsService) {
  return {
    async get(): Promise<string | null> {
      const modelPath = settings.current.model.activeModelPath;
      return modelPath === null ? null : path.basename(modelPath);
    },
    async set(model: { path: string } | null): Promise<void> {
      await settings.update({ patch: { model: { activeModelPath: model?.path ?? null } } });
    },
  };
}
