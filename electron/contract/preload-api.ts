import type { MessageTransport } from "./rpc-envelope.ts";

/** The one object the preload exposes to the renderer, as `window.edgeGemma`: a message channel to main. */
export type PreloadApi = MessageTransport;

export const preloadGlobalName = "edgeGemma";
export const portChannelName = "edge-gemma:port";
