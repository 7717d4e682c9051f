import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ApiEngine } from "./api-engine.ts";
import { lanAddresses } from "../services/security/access-guard.ts";
import { apiGate, type ApiGate } from "./api-gate.ts";
import type { DesktopPriority } from "./desktop-priority.ts";
import { ApiGenerations } from "./api-generation.ts";
import { GenerationQueue } from "./generation-queue.ts";
import { sendJson, sendText } from "./http-io.ts";
import { ollamaRoutes, type Route } from "./ollama-routes.ts";
import { openAiRoutes } from "./openai-routes.ts";

/** Ollama's default port (envconfig: OLLAMA_HOST defaults to 127.0.0.1:11434), so Ollama clients work unchanged. */
export const ollamaDefaultPort = 11434;

export interface ApiServerOptions {
  engine: ApiEngine;
  /** Reported by /api/version. */
  version: string;
  /** Default 127.0.0.1: programs on this machine only. */
  host?: string;
  /** Devices on the network may call it with the token (checked by hash): listens on every address. */
  network?: { tokenMatches: (given: string) => boolean };
  /** Tried first; when taken, the next free one up (and the output says so). Default 11434. */
  port?: number;
  /** API requests that may wait for the engine; one more is answered 503 with Retry-After. */
  maxWaiting?: number;
  /** Web pages allowed to call the API from a browser (CORS), read on each request; none by default. */
  allowedOrigins?: () => readonly string[];
  /** Where the desktop chat announces its answers (it goes first). */
  desktopPriority?: DesktopPriority;
}

export interface ApiServer {
  url: string;
  /** With `network`: the URLs devices on the network use (one per LAN address). */
  networkUrls: string[];
  port: number;
  /** The port asked for was taken: the API listens on `port` instead. */
  portTaken: boolean;
  /** Whether a program's answer is being generated, and how many wait for their turn. */
  activity(): { generating: boolean; waiting: number };
  close(): Promise<void>;
}

/** The Ollama- and OpenAI-compatible HTTP API over the app's one engine. */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const queue = new GenerationQueue({
    maxWaiting: options.maxWaiting ?? 8,
    desktopBusy: () => options.engine.desktopGenerating(),
    onDesktopChange: (listener) => options.engine.onChange(listener),
  });
  const detachDesktop = options.desktopPriority?.attach(queue);
  const generations = new ApiGenerations(options.engine, queue);
  const routes: Record<string, Route> = { ...ollamaRoutes(generations, options.version), ...openAiRoutes(generations) };
  const host = options.network ? "0.0.0.0" : (options.host ?? "127.0.0.1");
  // Made once the port is known (the Host header names it).
  let gate: ApiGate = () => false;

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    if (!gate(request, response)) return;
    const pathname = new URL(request.url ?? "/", "http://localhost").pathname.replace(/\/+$/, "") || "/";
    const method = request.method === "HEAD" ? "GET" : (request.method ?? "GET");
    const route = routes[`${method} ${pathname}`] ?? routes[`${request.method} ${pathname}`];
    if (route) return void route(request, response);
    if (pathname.startsWith("/v1/")) return sendJson(response, 404, { error: { message: `${request.method} ${pathname} is not served here`, type: "not_found_error", param: null, code: null } });
    sendText(response, 404, "404 page not found", request.method ?? "GET");
  };

  const server = createServer(handle);
  const wanted = options.port ?? ollamaDefaultPort;
  const port = await listenFromPort(server, host, wanted);
  gate = apiGate({ port, allowedOrigins: options.allowedOrigins ?? (() => []), ...(options.network && { network: options.network }) });
  const shownHost = host === "0.0.0.0" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
    networkUrls: options.network ? lanAddresses().map((address) => `http://${address}:${port}`) : [],
    port,
    portTaken: wanted !== 0 && port !== wanted,
    activity: () => ({ generating: queue.busy, waiting: queue.waitingCount }),
    close: () =>
      new Promise((resolve) => {
        detachDesktop?.();
        queue.dispose();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Listens on `port`, or on the next free one when it is taken (up to 100 further). */
async function listenFromPort(server: Server, host: string, port: number): Promise<number> {
  for (let candidate = port; candidate <= Math.min(port + 100, 65_535); candidate++) {
    const outcome = await new Promise<"ok" | "taken">((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => {
        server.off("listening", onListening);
        if (error.code === "EADDRINUSE" && port !== 0) resolve("taken");
        else reject(error);
      };
      const onListening = () => {
        server.off("error", onError);
        resolve("ok");
      };
      server.once("error", onError);
      server.once("listening", onListening);
      server.listen(candidate, host);
    });
    if (outcome === "ok") return (server.address() as AddressInfo).port;
  }
  throw new Error(`No free port from ${port} to ${port + 100} on ${host}`);
}
