import { AppError, type AppContract, type Handlers } from "../../common/contract/index.ts";

/** What a client connection may do beyond the app's ordinary requests. */
export interface ClientAccess {
  /**
   * May name files and folders on this machine (open, import, choose a model by path): the desktop window's own
   * user and a browser on this machine. A browser elsewhere on the LAN may not: it could otherwise probe which
   * files exist here and what they hold, or have the engine load any file.
   */
  hostPaths: boolean;
}

const refusal = () =>
  new AppError(
    "UNAVAILABLE",
    "A browser on another device cannot name files on this Edge Gemma: choose an installed model, or download one from the Library",
    { reason: "host-paths" },
  );

/** The handlers with every request that names a path on this machine refused, for a client without `hostPaths`. */
export function withoutHostPaths(handlers: Handlers<AppContract>): Handlers<AppContract> {
  return {
    ...handlers,
    "engine.loadModel": () => Promise.reject(refusal()),
    "library.import": () => Promise.reject(refusal()),
    // Models found in Ollama's / Hugging Face's folders are files of this machine too: neither listed nor used.
    "library.found": () => Promise.resolve({ models: [] }),
    "library.useFound": () => Promise.reject(refusal()),
    "dialog.openModelFile": () => Promise.reject(refusal()),
    "settings.update": (params, context) => {
      if (params.patch.model?.activeModelPath !== undefined) return Promise.reject(refusal());
      return handlers["settings.update"](params, context);
    },
  };
}
