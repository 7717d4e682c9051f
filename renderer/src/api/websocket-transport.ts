import type { MessageTransport } from "../../../electron/common/rpc/rpc-envelope.ts";

/** The parts of the DOM WebSocket this transport uses, so tests can hand in a fake. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: "open" | "close" | "error", listener: () => void): void;
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
}
export type WebSocketFactory = (url: string) => WebSocketLike;

export interface WebSocketTransport extends MessageTransport {
  close(): void;
}

export interface WebSocketTransportOptions {
  /** Called once when the socket closes or fails; sends after that are dropped. */
  onClose?: () => void;
}

const OPEN = 1;

/** A MessageTransport over a WebSocket: JSON text frames, sends queued until the socket is open. */
export function createWebSocketTransport(
  url: string,
  createSocket: WebSocketFactory,
  options: WebSocketTransportOptions = {},
): WebSocketTransport {
  const socket = createSocket(url);
  const listeners = new Set<(message: unknown) => void>();
  let queue: string[] | undefined = [];
  let closed = false;

  socket.addEventListener("open", () => {
    const pending = queue ?? [];
    queue = undefined;
    for (const data of pending) socket.send(data);
  });
  socket.addEventListener("message", (event) => {
    if (typeof event.data !== "string") return;
    let message: unknown;
    try {
      message = JSON.parse(event.data);
    } catch {
      return; // Not ours: the RPC client validates what it gets, so dropping is enough.
    }
    for (const listener of listeners) listener(message);
  });
  const onClosed = () => {
    if (closed) return;
    closed = true;
    queue = undefined;
    options.onClose?.();
  };
  socket.addEventListener("close", onClosed);
  socket.addEventListener("error", onClosed);

  return {
    send(message) {
      if (closed) return;
      const data = JSON.stringify(message);
      if (queue) queue.push(data);
      else if (socket.readyState === OPEN) socket.send(data);
    },
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      socket.close();
      onClosed();
    },
  };
}

/** `ws(s)://<host>/rpc`, carrying the page's `?token=` along when there is one. */
export function rpcSocketUrl(location: Pick<Location, "protocol" | "host" | "search">): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const token = new URLSearchParams(location.search).get("token");
  const query = token ? `?${new URLSearchParams({ token }).toString()}` : "";
  return `${scheme}//${location.host}/rpc${query}`;
}
