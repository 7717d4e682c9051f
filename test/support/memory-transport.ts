import type { MessageTransport } from "../../electron/common/contract/index.ts";

/**
 * Two connected ends of an in-memory channel; messages are structured-cloned and delivered asynchronously, like a
 * port. `deliver` decides when: a microtask by default (fast tests); the bench passes `setImmediate`, a later task,
 * as Electron's MessagePort delivers main ↔ renderer.
 */
export function memoryTransportPair(deliver: (callback: () => void) => void = queueMicrotask): [MessageTransport, MessageTransport] {
  const listeners: [Set<(message: unknown) => void>, Set<(message: unknown) => void>] = [new Set(), new Set()];
  const end = (mine: 0 | 1): MessageTransport => ({
    send(message) {
      const copy = structuredClone(message);
      deliver(() => listeners[mine === 0 ? 1 : 0].forEach((listener) => listener(copy)));
    },
    onMessage(listener) {
      listeners[mine].add(listener);
      return () => listeners[mine].delete(listener);
    },
  });
  return [end(0), end(1)];
}
