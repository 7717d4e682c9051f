import { contextBridge, ipcRenderer, webUtils } from "electron";

// Bundled on its own into CommonJS: a sandboxed preload can't load modules at run time.
import { portChannelName, preloadGlobalName, type PreloadApi } from "../common/contract/preload-api.ts";

type Listener = (message: unknown) => void;
let port: MessagePort | undefined;
const waiting: unknown[] = [];
const listeners = new Set<Listener>();

ipcRenderer.on(portChannelName, (event) => {
  const received = event.ports[0];
  if (!received) return;
  port?.close();
  port = received;
  port.onmessage = (message) => {
    for (const listener of listeners) listener(message.data);
  };
  port.start();
  for (const message of waiting.splice(0)) port.postMessage(message);
});

/** The renderer's one door to main: a message channel carrying the app contract (validated in main). */
const api: PreloadApi = {
  send(message: unknown): void {
    if (port) port.postMessage(message);
    else waiting.push(message);
  },
  onMessage(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  getPathForFile: (file: File): string => webUtils.getPathForFile(file),
};
contextBridge.exposeInMainWorld(preloadGlobalName, api);
