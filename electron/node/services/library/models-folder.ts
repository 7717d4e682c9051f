import type { ModelsFolder } from "../../../common/contract/app/models-folder.ts";
import { AppError } from "../../../common/contract/errors.ts";

export interface ModelsFolderOptions {
  modelsDir: string;
  models: { folderBytes(): Promise<number>; freeBytes(): Promise<number | null> };
  /**
   * Shows a folder in the file manager (Electron's `shell.openPath`); absent in the browser host, whose page may be
   * on another machine. It only ever gets main's own models folder: no path comes from the renderer.
   */
  openFolder?: (folder: string) => Promise<void>;
}

/** Where the models are, what they take, and "Open folder". */
export function createModelsFolder(options: ModelsFolderOptions) {
  return {
    async describe(): Promise<ModelsFolder> {
      const [usedBytes, freeDiskBytes] = await Promise.all([options.models.folderBytes(), options.models.freeBytes()]);
      return { path: options.modelsDir, usedBytes, freeDiskBytes, canOpen: options.openFolder !== undefined };
    },
    async open(): Promise<{ opened: boolean }> {
      if (!options.openFolder) throw new AppError("UNAVAILABLE", "The file manager can only be opened by the desktop app");
      await options.openFolder(options.modelsDir);
      return { opened: true };
    },
  };
}
