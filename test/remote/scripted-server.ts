/** A local HTTP server whose every answer a test scripts: for hostile and broken servers the real ones never are. */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Script = (request: http.IncomingMessage, response: http.ServerResponse, body: string) => unknown;

export interface ScriptedServer {
  url: string;
  /** Requests received, as "METHOD /path". */
  requests: string[];
  /** Fires when a client closes a request's connection before its answer ended. */
  clientGone: Promise<void>;
  script(path: string, script: Script): void;
  close(): Promise<void>;
}

export async function startScriptedServer(): Promise<ScriptedServer> {
  const scripts = new Map<string, Script>();
  const requests: string[] = [];
  let onClientGone!: () => void;
  const clientGone = new Promise<void>((resolve) => (onClientGone = resolve));
  const server = http.createServer(async (request, response) => {
    requests.push(`${request.method} ${request.url}`);
    response.once("close", () => {
      if (!response.writableFinished) onClientGone();
    });
    let body = "";
    for await (const chunk of request) body += String(chunk);
    const script = scripts.get(request.url ?? "");
    if (!script) {
      response.writeHead(404, { "content-type": "text/plain" }).end("no script");
      return;
    }
    try {
      await script(request, response, body);
    } catch {
      response.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    clientGone,
    script: (path, script) => scripts.set(path, script),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Writes until the client goes away (an endless answer), a piece at a time, yielding so the client (in the same process) reads. */
export async function writeForever(response: http.ServerResponse, piece: () => string): Promise<void> {
  while (!response.destroyed) {
    if (!response.write(piece())) await new Promise((resolve) => response.once("drain", resolve).once("close", resolve));
    else await new Promise((resolve) => setImmediate(resolve));
  }
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
