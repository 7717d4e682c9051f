import type { MessageTransport } from "../rpc/rpc-envelope.ts";

/**
 * The one object the preload exposes to the renderer, as `window.edgeGemma`: a message channel to main,
 * and where a dropped file lies on disk (Electron's `webUtils.getPathForFile`; "" when it has none).
 */
export interface PreloadApi extends MessageTransport {
  getPathForFile(file: File): string;
}

export const preloadGlobalName = "edgeGemma";
export const portChannelName = "edge-gemma:port";
