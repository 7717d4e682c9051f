import type { MessageTransport } from "../../../electron/contract/rpc-envelope.ts";

/**
 * Two connected transports, as a MessageChannel would give: every message is structured-cloned and
 * delivered asynchronously, in order.
 */
export function createTransportPair(): [MessageTransport, MessageTransport] {
  const listeners: [Set<(message: unknown) => void>, Set<(message: unknown) => void>] = [new Set(), new Set()];
  const end = (mine: 0 | 1): MessageTransport => ({
    send(message) {
      const copy = structuredClone(message);
      const other = listeners[mine === 0 ? 1 : 0];
      queueMicrotask(() => {
        for (const listener of other) listener(copy);
      });
    },
    onMessage(listener) {
      listeners[mine].add(listener);
      return () => listeners[mine].delete(listener);
    },
  });
  return [end(0), end(1)];
}
