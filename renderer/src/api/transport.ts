import { preloadGlobalName, type PreloadApi } from "../../../electron/common/contract/preload-api.ts";
import type { MessageTransport } from "../../../electron/common/rpc/rpc-envelope.ts";
import { createWebSocketTransport, rpcSocketUrl, type WebSocketFactory } from "./websocket-transport.ts";

export interface TransportHost {
  readonly location: Pick<Location, "protocol" | "host" | "search">;
  readonly [preloadGlobalName]?: unknown;
}

export interface SelectedTransport {
  kind: "preload" | "websocket";
  transport: MessageTransport;
}

function isPreloadApi(value: unknown): value is PreloadApi {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Partial<Record<keyof PreloadApi, unknown>>;
  return typeof candidate.send === "function" && typeof candidate.onMessage === "function";
}

/**
 * In Electron the preload exposes `window.edgeGemma`; in a browser the same contract is served over
 * a WebSocket at `/rpc` on the page's own host.
 */
export function selectTransport(
  host: TransportHost,
  createSocket: WebSocketFactory,
  onClose?: () => void,
): SelectedTransport {
  const preload = host[preloadGlobalName];
  if (isPreloadApi(preload)) return { kind: "preload", transport: preload };
  const options = onClose ? { onClose } : {};
  return { kind: "websocket", transport: createWebSocketTransport(rpcSocketUrl(host.location), createSocket, options) };
}
