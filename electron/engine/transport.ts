import type { MessageTransport } from "../common/contract/index.ts";

/** The part of Electron's `process.parentPort` we use; the engine never imports electron itself. */
interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: "message", listener: (event: { data: unknown }) => void): void;
  off(event: "message", listener: (event: { data: unknown }) => void): void;
}

/**
 * The channel to the main process: Electron's `process.parentPort` inside a utility process,
 * or Node's IPC channel when forked with `child_process.fork` (tests, the browser host, benchmarks).
 */
export function connectToParent(): MessageTransport {
  const parentPort = (process as { parentPort?: ParentPortLike }).parentPort;
  if (parentPort) {
    return {
      send: (message) => parentPort.postMessage(message),
      onMessage(listener) {
        const onMessage = (event: { data: unknown }) => listener(event.data);
        parentPort.on("message", onMessage);
        return () => parentPort.off("message", onMessage);
      },
    };
  }
  if (process.send) {
    return {
      send: (message) => void process.send?.(message),
      onMessage(listener) {
        process.on("message", listener);
        return () => process.off("message", listener);
      },
    };
  }
  throw new Error("The engine must be started as a utility process or with child_process.fork");
}
