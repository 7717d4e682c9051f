import WebSocket from "ws";

export interface Closed {
  code: number;
  reason: string;
}

/** A raw WebSocket client of the browser host, speaking the app's envelopes by hand (as a hostile client would). */
export class RawClient {
  /** Far above the ids a test sends by hand, so an answer to one of those is never taken for ours. */
  private nextId = 1_000_000;
  /** Frames every client of this process has sent, for the fuzzer's figures. */
  static framesSent = 0;
  private readonly answers = new Map<number, (response: Record<string, unknown>) => void>();
  readonly closed: Promise<Closed>;

  private constructor(readonly socket: WebSocket) {
    socket.on("message", (data, isBinary) => {
      if (isBinary) return;
      const message = JSON.parse(data.toString()) as Record<string, unknown>;
      if (message["kind"] !== "response") return;
      this.answers.get(message["id"] as number)?.(message);
      this.answers.delete(message["id"] as number);
    });
    socket.on("error", () => undefined);
    this.closed = new Promise((resolve) => socket.once("close", (code, reason) => resolve({ code, reason: reason.toString() })));
    // A request the host never answers because it closed the connection resolves as `{ kind: "closed" }`.
    void this.closed.then(() => {
      for (const answer of this.answers.values()) answer({ kind: "closed" });
      this.answers.clear();
    });
  }

  /** Opens `/rpc` on the host with the page's own Origin (and its token cookie, when it has one). */
  static open(origin: string, token?: string): Promise<RawClient> {
    const socket = new WebSocket(`${origin.replace(/^http/, "ws")}/rpc`, {
      origin,
      headers: { host: new URL(origin).host, ...(token ? { cookie: `edge_gemma_token=${token}` } : {}) },
      maxPayload: 64 * 1024 * 1024,
    });
    return new Promise((resolve, reject) => {
      socket.once("open", () => resolve(new RawClient(socket)));
      socket.once("error", reject);
    });
  }

  /** Sends a request and resolves with its response envelope (or `{ kind: "closed" }`). */
  request(method: string, params: unknown = {}): Promise<Record<string, unknown>> {
    if (!this.isOpen) return Promise.resolve({ kind: "closed" });
    const id = this.nextId++;
    const answered = new Promise<Record<string, unknown>>((resolve) => this.answers.set(id, resolve));
    this.socket.send(JSON.stringify({ kind: "request", id, method, params }));
    RawClient.framesSent++;
    return answered;
  }

  send(data: string | Buffer, options: { binary?: boolean } = {}): void {
    this.socket.send(data, { binary: options.binary ?? typeof data !== "string" });
    RawClient.framesSent++;
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  close(): void {
    this.socket.terminate();
  }
}
