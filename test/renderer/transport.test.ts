import { describe, expect, it, vi } from "vitest";
import { appContract, type AppContract } from "../../electron/common/contract/app-contract.ts";
import { serveRpc, type Handlers } from "../../electron/common/rpc/rpc-server.ts";
import { createAppClient } from "../../renderer/src/api/client.ts";
import { selectTransport } from "../../renderer/src/api/transport.ts";
import { rpcSocketUrl, type WebSocketLike } from "../../renderer/src/api/websocket-transport.ts";
import { createTransportPair } from "./support/memory-transport.ts";

type Listener = (event: { data: unknown }) => void;

/** A WebSocket that stays CONNECTING until the test opens it. */
class FakeSocket implements WebSocketLike {
  readyState = 0;
  readonly sent: string[] = [];
  private readonly listeners = new Map<string, Listener[]>();
  constructor(readonly url: string) {}
  send(data: string) {
    if (this.readyState !== 1) throw new Error("InvalidStateError: still connecting");
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
    this.fire("close");
  }
  addEventListener(type: string, listener: Listener) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  open() {
    this.readyState = 1;
    this.fire("open");
  }
  fire(type: string, data?: unknown) {
    for (const listener of this.listeners.get(type) ?? []) listener({ data });
  }
}

function browserPage(href: string) {
  const url = new URL(href);
  const sockets: FakeSocket[] = [];
  const onClose = vi.fn();
  const selected = selectTransport({ location: url }, (socketUrl) => {
    const socket = new FakeSocket(socketUrl);
    sockets.push(socket);
    return socket;
  }, onClose);
  return { selected, sockets, onClose };
}

describe("transport selection", () => {
  it("uses the preload's edgeGemma object when there is one", () => {
    const [preload] = createTransportPair();
    const createSocket = vi.fn();
    const selected = selectTransport({ location: new URL("app://edge-gemma/"), edgeGemma: preload }, createSocket);
    expect(selected.kind).toBe("preload");
    expect(selected.transport).toBe(preload);
    expect(createSocket).not.toHaveBeenCalled();
  });

  it("otherwise opens a WebSocket to /rpc on the page's host, carrying the token", () => {
    const { selected, sockets } = browserPage("http://pi.local:8080/?token=s3cr%2Bt&x=1");
    expect(selected.kind).toBe("websocket");
    expect(sockets[0]?.url).toBe("ws://pi.local:8080/rpc?token=s3cr%2Bt");
  });

  it("uses wss on https and no query without a token", () => {
    expect(rpcSocketUrl(new URL("https://pi.local/chat"))).toBe("wss://pi.local/rpc");
  });
});

describe("WebSocket transport", () => {
  it("queues sends until the socket opens, then sends them in order as JSON", () => {
    const { selected, sockets } = browserPage("http://pi.local/");
    selected.transport.send({ n: 1 });
    selected.transport.send({ n: 2 });
    const socket = sockets[0]!;
    expect(socket.sent).toEqual([]);
    socket.open();
    selected.transport.send({ n: 3 });
    expect(socket.sent.map((data) => JSON.parse(data))).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it("parses incoming frames for its listeners and drops what is not JSON", () => {
    const { selected, sockets } = browserPage("http://pi.local/");
    const received: unknown[] = [];
    const off = selected.transport.onMessage((message) => received.push(message));
    sockets[0]!.fire("message", '{"kind":"event"}');
    sockets[0]!.fire("message", "not json");
    off();
    sockets[0]!.fire("message", "{}");
    expect(received).toEqual([{ kind: "event" }]);
  });

  it("reports a closed socket once", () => {
    const { sockets, onClose } = browserPage("http://pi.local/");
    sockets[0]!.fire("error");
    sockets[0]!.fire("close");
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it("carries the app contract: a call made before the socket opens is answered", { timeout: 5000 }, async () => {
    const { selected, sockets } = browserPage("http://pi.local/");
    const socket = sockets[0]!;
    // Main's side of the socket: what the renderer sends is served by the real RPC server.
    const [toServer, serverSide] = createTransportPair();
    toServer.onMessage((message) => socket.fire("message", JSON.stringify(message)));
    const handlers: Partial<Handlers<AppContract>> = { "engine.getStatus": () => ({ state: "no-model" }) };
    serveRpc(serverSide, appContract, handlers as Handlers<AppContract>);
    const forward = socket.send.bind(socket);
    socket.send = (data) => (forward(data), toServer.send(JSON.parse(data)));

    const client = createAppClient(selected.transport);
    const status = client.call("engine.getStatus", {});
    socket.open();
    await expect(status).resolves.toEqual({ state: "no-model" });
  });
});
