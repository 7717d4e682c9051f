import { toAppError } from "../../../electron/common/contract/errors.ts";
import type { AppClient } from "../api/client.ts";
import {
  failed,
  importProgress,
  loaded,
  loading,
  removeJob,
  replaceJobs,
  setStartError,
  setStarting,
  upsertJob,
  type LibraryState,
} from "./library-state.ts";
import { createLibraryModelActions, type LibraryModelActions } from "./library-model-actions.ts";
import type { StateContainer, Urgency } from "./state-container.ts";

/** Where the library's slice of the app state lives (the app store's container in the app, anything in tests). */
export interface LibraryHost {
  get(): LibraryState;
  update(change: (state: LibraryState) => LibraryState, urgency: Urgency): void;
}

export function libraryHostOf(container: StateContainer): LibraryHost {
  return {
    get: () => container.getState().library,
    update: (change, urgency) =>
      container.update((s) => {
        const library = change(s.library);
        return library === s.library ? s : { ...s, library };
      }, urgency),
  };
}

export interface LibraryActions extends LibraryModelActions {
  /** The library screen opened: catalog, installed models, downloads and device figures. */
  open(): Promise<void>;
  /** Re-asks the catalog's fit figures, for another context size when given. */
  loadCatalog(contextSize?: number): Promise<void>;
  loadInstalled(): Promise<void>;
  /** Looks through Ollama's and Hugging Face's folders on this device (no network). */
  loadFound(): Promise<void>;
  /** Checks a found file like an import, adds it in place and makes it the chat's model. */
  useFound(path: string): Promise<void>;
  loadDownloads(): Promise<void>;
  /** Once: later readings arrive as `device.updated`. */
  loadDevice(): Promise<void>;
  /** Reads the catalog files' real headers online (the user pressed "Check online"); the catalog reloads on "estimates". */
  checkOnline(): Promise<void>;
  acceptTerms(): void;
  /** Only once the Gemma terms were accepted (the confirm step calls `acceptTerms` first). */
  startDownload(variantId: string): Promise<void>;
  pauseDownload(id: string): Promise<void>;
  /** Resumes a paused download or retries a failed one. */
  resumeDownload(id: string): Promise<void>;
  cancelDownload(id: string): Promise<void>;
  /** Forgets a failed `downloads.start` (or a resume that failed). */
  dismissError(id: string): void;
}

export function createLibraryActions(client: AppClient, host: LibraryHost, report: (error: unknown) => void): LibraryActions {
  const { update, get } = host;
  const inFlight = new Map<string, Promise<void>>();

  /** One call per key at a time: a second screen asking for the same list shares the first answer. */
  const shared = (key: string, run: () => Promise<void>): Promise<void> => {
    const pending = inFlight.get(key) ?? run().finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
    return pending;
  };

  const onJobError = (id: string, error: unknown) => {
    const appError = toAppError(error);
    if (appError.code !== "CANCELLED") update((s) => setStartError(s, id, appError.toWire()), "now");
  };

  const actions: LibraryActions = {
    ...createLibraryModelActions(client, host, report),

    async open() {
      await Promise.all([actions.loadCatalog(), actions.loadInstalled(), actions.loadFound(), actions.loadDownloads(), actions.loadDevice()]);
    },

    loadCatalog(contextSize = get().contextSize) {
      update((s) => ({ ...s, contextSize, catalog: loading(s.catalog) }), "now");
      return shared(`catalog:${contextSize}`, async () => {
        try {
          const listing = await client.call("library.catalog", { contextSize });
          // An answer for a context size the user has since changed is dropped.
          update((s) => (s.contextSize === contextSize ? { ...s, catalog: loaded(listing) } : s), "now");
        } catch (error) {
          update((s) => ({ ...s, catalog: failed(s.catalog, toAppError(error).toWire()) }), "now");
        }
      });
    },

    loadInstalled() {
      update((s) => ({ ...s, installed: loading(s.installed) }), "now");
      return shared("installed", async () => {
        try {
          const listing = await client.call("library.installed", {});
          update((s) => ({ ...s, installed: loaded(listing) }), "now");
        } catch (error) {
          update((s) => ({ ...s, installed: failed(s.installed, toAppError(error).toWire()) }), "now");
        }
      });
    },

    loadFound() {
      update((s) => ({ ...s, found: loading(s.found) }), "now");
      return shared("found", async () => {
        try {
          const { models } = await client.call("library.found", {});
          update((s) => ({ ...s, found: loaded(models) }), "now");
        } catch (error) {
          update((s) => ({ ...s, found: failed(s.found, toAppError(error).toWire()) }), "now");
        }
      });
    },

    async useFound(path) {
      if (get().adopting[path]?.error === null) return;
      update((s) => ({ ...s, adopting: { ...s.adopting, [path]: { error: null } } }), "now");
      try {
        const { model } = await client.call("library.useFound", { path });
        update((s) => {
          const { [path]: _done, ...adopting } = s.adopting;
          return { ...s, adopting, found: s.found.value ? loaded(s.found.value.filter((found) => found.path !== path)) : s.found };
        }, "now");
        // Listed first, then chosen: an older listing arriving after the choice would hide it.
        await actions.loadInstalled();
        await actions.setActive(model.id);
      } catch (error) {
        update((s) => ({ ...s, adopting: { ...s.adopting, [path]: { error: toAppError(error).toWire() } } }), "now");
      }
    },

    loadDownloads() {
      return shared("downloads", async () => {
        try {
          const { jobs } = await client.call("downloads.list", {});
          update((s) => replaceJobs(s, jobs), "now");
        } catch {
          // Progress events still bring every job that changes.
        }
      });
    },

    loadDevice() {
      if (get().device) return Promise.resolve();
      return shared("device", async () => {
        try {
          const device = await client.call("device.info", {});
          update((s) => ({ ...s, device }), "now");
        } catch {
          // Unknown figures show as "unknown"; `device.updated` may still bring them.
        }
      });
    },

    checkOnline() {
      update((s) => ({ ...s, onlineCheck: { status: "running" } }), "now");
      return shared("checkOnline", async () => {
        try {
          const { headersRead } = await client.call("library.checkOnline", {});
          update((s) => ({ ...s, onlineCheck: { status: "done", headersRead } }), "now");
        } catch (error) {
          update((s) => ({ ...s, onlineCheck: { status: "failed", error: toAppError(error).toWire() } }), "now");
        }
      });
    },

    acceptTerms() {
      update((s) => (s.termsAccepted ? s : { ...s, termsAccepted: true }), "now");
    },

    async startDownload(variantId) {
      if (!get().termsAccepted || get().starting[variantId]) return;
      update((s) => setStartError(setStarting(s, variantId, true), variantId, null), "now");
      try {
        const job = await client.call("downloads.start", { variantId, acceptedTerms: true });
        update((s) => ({ ...upsertJob(s, job), offline: false }), "now");
      } catch (error) {
        onJobError(variantId, error);
      } finally {
        update((s) => setStarting(s, variantId, false), "now");
      }
    },

    async pauseDownload(id) {
      try {
        const job = await client.call("downloads.pause", { id });
        update((s) => upsertJob(s, job), "now");
      } catch (error) {
        onJobError(id, error);
      }
    },

    async resumeDownload(id) {
      update((s) => setStartError(s, id, null), "now");
      try {
        const job = await client.call("downloads.resume", { id });
        update((s) => ({ ...upsertJob(s, job), offline: false }), "now");
      } catch (error) {
        onJobError(id, error);
      }
    },

    async cancelDownload(id) {
      try {
        await client.call("downloads.cancel", { id });
        update((s) => setStartError(removeJob(s, id), id, null), "now");
      } catch (error) {
        onJobError(id, error);
      }
    },

    dismissError(id) {
      update((s) => setStartError(s, id, null), "now");
    },

  };
  return actions;
}

/** Main's library events, into the state. Returns the unsubscriber. */
export function subscribeLibraryEvents(client: AppClient, host: LibraryHost, actions: LibraryActions): () => void {
  const offs = [
    client.on("downloads.progress", (job) => host.update((s) => upsertJob(s, job), job.state === "downloading" ? "frame" : "now")),
    client.on("library.importProgress", ({ path, copiedBytes, totalBytes }) =>
      host.update((s) => importProgress(s, path, copiedBytes, totalBytes), "frame"),
    ),
    client.on("device.updated", (device) => host.update((s) => ({ ...s, device }), "now")),
    client.on("library.changed", ({ reason }) => {
      // Only what the user has looked at is kept fresh; the rest is fetched when the screen opens.
      const { catalog, installed } = host.get();
      if (reason !== "estimates" && (installed.value || installed.loading)) void actions.loadInstalled();
      // A model forgotten from the library is found again where it lies.
      if (reason === "deleted" && host.get().found.value) void actions.loadFound();
      if (reason !== "active" && (catalog.value || catalog.loading)) void actions.loadCatalog();
    }),
  ];
  return () => {
    for (const off of offs) off();
  };
}
