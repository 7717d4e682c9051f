import { toAppError } from "../../../electron/common/contract/errors.ts";
import type { AppClient } from "../api/client.ts";
import { uploadModelFile } from "../api/upload-model.ts";
import type { LibraryHost } from "./library-actions.ts";
import type { ImportMode, ImportResult } from "../../../electron/common/contract/app/library.ts";
import { importProgress } from "./library-state.ts";

/** Installed models: which one the chat uses, deleting, and importing a GGUF the user already has. */
export interface LibraryModelActions {
  /** The engine loads the model (the status bar shows it); null unloads. False when main refused (reported). */
  setActive(id: string | null): Promise<boolean>;
  /** Returns the bytes freed, or null when it failed (shown as a banner). */
  deleteModel(id: string): Promise<number | null>;
  /** Electron's file dialog; `unavailable` in the browser host, where a path is typed instead. */
  pickFile(): Promise<{ path: string | null; unavailable: boolean }>;
  importModel(path: string, mode: ImportMode): Promise<void>;
  /** From a browser: sends the file's bytes to the device running Edge Gemma (Cancel stops it). */
  uploadModel(file: File): Promise<void>;
  cancelImport(): void;
  clearImport(): void;
}

export function createLibraryModelActions(client: AppClient, host: LibraryHost, report: (error: unknown) => void): LibraryModelActions {
  const { update, get } = host;
  let importController: AbortController | undefined;

  return {
    async setActive(id) {
      try {
        const { activeId } = await client.call("library.setActive", { id });
        update((s) => {
          const listing = s.installed.value;
          return listing ? { ...s, installed: { ...s.installed, value: { ...listing, activeId } } } : s;
        }, "now");
        return true;
      } catch (error) {
        report(error);
        return false;
      }
    },

    async deleteModel(id) {
      try {
        const { freedBytes } = await client.call("library.delete", { id });
        update((s) => {
          const listing = s.installed.value;
          if (!listing) return s;
          const models = listing.models.filter((m) => m.id !== id);
          const activeId = listing.activeId === id ? null : listing.activeId;
          return { ...s, installed: { ...s.installed, value: { ...listing, models, activeId } } };
        }, "now");
        return freedBytes;
      } catch (error) {
        report(error);
        return null;
      }
    },

    async pickFile() {
      try {
        const { path } = await client.call("dialog.openModelFile", {});
        return { path, unavailable: false };
      } catch (error) {
        if (toAppError(error).code === "UNAVAILABLE") return { path: null, unavailable: true };
        report(error);
        return { path: null, unavailable: false };
      }
    },

    importModel(path, mode) {
      return runImport(path, mode, (signal) => client.call("library.import", { path, mode }, { signal }));
    },

    uploadModel(file) {
      return runImport(file.name, "copy", (signal) =>
        uploadModelFile(
          file,
          (sentBytes, totalBytes) => update((s) => importProgress(s, file.name, sentBytes, totalBytes), "frame"),
          signal,
        ),
      );
    },

    cancelImport() {
      importController?.abort();
    },

    clearImport() {
      update((s) => (s.importing.status === "running" ? s : { ...s, importing: { status: "idle" } }), "now");
    },
  };

  /** One import at a time, path or upload: progress, result and Cancel work the same way for both. */
  async function runImport(path: string, mode: ImportMode, run: (signal: AbortSignal) => Promise<ImportResult>) {
    if (get().importing.status === "running") return;
    const controller = new AbortController();
    importController = controller;
    update((s) => ({ ...s, importing: { status: "running", path, mode, copiedBytes: 0, totalBytes: null } }), "now");
    try {
      const { model, warnings } = await run(controller.signal);
      update((s) => ({ ...s, importing: { status: "done", path, model, warnings } }), "now");
    } catch (error) {
      const appError = toAppError(error);
      update(
        (s) => ({ ...s, importing: appError.code === "CANCELLED" ? { status: "idle" } : { status: "failed", path, error: appError.toWire() } }),
        "now",
      );
    } finally {
      if (importController === controller) importController = undefined;
    }
  }
}
