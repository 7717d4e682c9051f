/** The renderer's side of the app contract, as the bench's stand-in renderer connects it. */
import WebSocket from "ws";
import type { MessageTransport } from "../electron/common/contract/index.ts";
import { memoryTransportPair } from "../test/support/memory-transport.ts";

/** An in-memory channel delivering in a later task, as Electron's MessagePort does (main ↔ renderer). */
export const portLikeTransportPair = () => memoryTransportPair(setImmediate);

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
