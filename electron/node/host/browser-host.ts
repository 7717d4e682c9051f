import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";
import type { MessageTransport } from "../../common/contract/index.ts";
import { AccessGuard, isLoopbackAddress, lanAddresses, newAccessToken } from "../services/security/access-guard.ts";
import { closeCodes, defaultConnectionLimits, guardedTransport, type ConnectionLimits } from "./connection-guard.ts";
import { sendStaticFile } from "./static-files.ts";
import { handleUpload, uploadPathPrefix, type UploadReceiver } from "./upload-route.ts";

/** What the host serves over each WebSocket: the same `connect` the Electron main process uses. */
export interface ConnectableBackend extends Partial<UploadReceiver> {
  connect(transport: MessageTransport, access: { hostPaths: boolean }): () => void;
}

export interface BrowserHostOptions {
  backend: ConnectableBackend;
  rendererDir: string;
  host?: string;
  port?: number;
  /** Forces a token even on loopback (tests); always on when the host is reachable from the network. */
  requireToken?: boolean;
  /** Per-connection limits (tests lower them). */
  limits?: Partial<ConnectionLimits>;
}

export interface BrowserHost {
  /** The address to open, with the token when one is needed. */
  url: string;
  token: string | undefined;
  port: number;
  close(): Promise<void>;
}

const loopbackHosts = new Set(["127.0.0.1", "localhost", "::1"]);
/** Open WebSockets the host serves at once (a page holds one; tests and a few tabs stay far below). */
const maxConnections = 32;

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const host = options.host ?? "127.0.0.1";
  const onLoopback = loopbackHosts.has(host);
  const token = !onLoopback || options.requireToken ? newAccessToken() : undefined;
  const allowedHosts = new Set<string>();
  const guard = () => new AccessGuard({ allowedHosts, ...(token ? { token } : {}) });
  let access = guard();

  const server: Server = createServer((request, response) => {
    const decision = access.check(request, "page");
    if (!decision.allowed) {
      response.writeHead(decision.status, { "content-type": "text/plain; charset=utf-8" });
      response.end(decision.reason);
      return;
    }
    const url = new URL(request.url ?? "/", "http://placeholder");
    const { receiveUpload } = options.backend;
    if (url.pathname.startsWith(uploadPathPrefix) && receiveUpload) {
      void handleUpload(request, response, { receiveUpload: receiveUpload.bind(options.backend) });
      return;
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { allow: "GET, HEAD" });
      response.end();
      return;
    }
    void sendStaticFile(options.rendererDir, url.pathname, response, decision.setCookie ? { "set-cookie": decision.setCookie } : {});
  });

  const limits: ConnectionLimits = { ...defaultConnectionLimits, ...options.limits };
  const sockets = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes });
  server.on("upgrade", (request, socket, head) => {
    // A client that resets the connection mid-handshake must not become an uncaught error.
    socket.on("error", () => socket.destroy());
    const decision = access.check(request, "websocket");
    const path = new URL(request.url ?? "/", "http://placeholder").pathname;
    if (!decision.allowed || path !== "/rpc") {
      const status = decision.allowed ? 404 : decision.status;
      socket.end(`HTTP/1.1 ${status} Refused\r\nConnection: close\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (webSocket) => {
      if (sockets.clients.size > maxConnections) {
        webSocket.on("error", () => undefined);
        webSocket.close(closeCodes.tryAgainLater, `This Edge Gemma already serves ${maxConnections} connections`);
        return;
      }
      // Only a browser on this machine may name files on it; one elsewhere on the LAN chooses models by id.
      const hostPaths = isLoopbackAddress(request.socket.remoteAddress);
      const disconnect = options.backend.connect(guardedTransport(webSocket, limits), { hostPaths });
      webSocket.on("close", disconnect);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 5417, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const names = onLoopback ? ["127.0.0.1", "localhost", "[::1]"] : [host, "127.0.0.1", "localhost", ...lanAddresses()];
  for (const name of names) allowedHosts.add(`${name}:${port}`);
  access = guard();

  const shownHost = host === "0.0.0.0" ? (lanAddresses()[0] ?? "127.0.0.1") : host;
  return {
    url: `http://${shownHost}:${port}/${token ? `?token=${token}` : ""}`,
    token,
    port,
    async close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
