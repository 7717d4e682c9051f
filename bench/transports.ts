/** The renderer's side of the app contract, as the bench's stand-in renderer connects it. */
import WebSocket from "ws";
import type { MessageTransport } from "../electron/contract/index.ts";

/**
 * Two connected ends of an in-memory channel. Every message is structured-cloned and delivered in a later
 * task, as Electron's MessagePort (main ↔ renderer) does.
 */
export function memoryTransportPair(): [MessageTransport, MessageTransport] {
  const listeners: [Set<(message: unknown) => void>, Set<(message: unknown) => void>] = [new Set(), new Set()];
  const end = (mine: 0 | 1): MessageTransport => ({
    send(message) {
      const copy = structuredClone(message);
      setImmediate(() => listeners[mine === 0 ? 1 : 0].forEach((listener) => listener(copy)));
    },
    onMessage(listener) {
      listeners[mine].add(listener);
      return () => listeners[mine].delete(listener);
    },
  });
  return [end(0), end(1)];
}

/** A client transport over the browser host's `/rpc` WebSocket, JSON text frames, as the page sends them. */
export async function webSocketClientTransport(port: number): Promise<MessageTransport & { close(): void }> {
  const origin = `http://127.0.0.1:${port}`;
  const socket = new WebSocket(`ws://127.0.0.1:${port}/rpc`, { origin });
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  return {
    send: (message) => socket.send(JSON.stringify(message)),
    onMessage(listener) {
      const onMessage = (data: WebSocket.RawData) => listener(JSON.parse(data.toString()));
      socket.on("message", onMessage);
      return () => socket.off("message", onMessage);
    },
    close: () => socket.close(),
  };
}
