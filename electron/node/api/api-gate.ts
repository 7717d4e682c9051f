import type { IncomingMessage, ServerResponse } from "node:http";
import os from "node:os";
import { AccessGuard, lanAddresses } from "../services/security/access-guard.ts";

export interface ApiGateOptions {
  /** Devices on the network may call the API with the token; absent: this machine only. */
  network?: { tokenMatches: (given: string) => boolean };
  /** Web pages that may call the API (CORS), read on every request so a change needs no restart. */
  allowedOrigins: () => readonly string[];
  port: number;
}

/** Lets a request through (true) or answers it with a refusal in its API's error shape (false). */
export type ApiGate = (request: IncomingMessage, response: ServerResponse) => boolean;

/** Hosts a loopback API answers to: anything else is a DNS-rebinding page (Ollama's allowedHostsMiddleware does the same). */
function loopbackHost(hostHeader: string | undefined): boolean {
  const host = (hostHeader ?? "").replace(/:\d+$/, "").replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host.endsWith(".localhost") || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The Host values the API answers to on the network: this machine's names and LAN addresses, with the port. */
function networkHosts(port: number): Set<string> {
  const name = os.hostname();
  const names = ["127.0.0.1", "localhost", "[::1]", ...lanAddresses(), name, `${name}.local`];
  return new Set(names.map((host) => `${host}:${port}`));
}

/**
 * Who may call the API, checked before any route runs: the Host (DNS rebinding), the Origin (only listed web pages,
 * whose preflight is answered here), and on the network the bearer token with the browser host's lockout.
 */
export function apiGate(options: ApiGateOptions): ApiGate {
  const guard = options.network ? new AccessGuard({ allowedHosts: networkHosts(options.port), tokenMatches: options.network.tokenMatches }) : undefined;
  return (request, response) => {
    if (!guard && !loopbackHost(request.headers.host)) return refuse(request, response, 403, "Forbidden: this API answers only to localhost");
    const origin = request.headers.origin;
    if (origin !== undefined) {
      if (!options.allowedOrigins().includes(origin)) {
        return refuse(request, response, 403, `Forbidden: web pages from ${origin} may not use this API (Settings → Programs lists the allowed ones)`);
      }
      response.setHeader("Access-Control-Allow-Origin", origin);
      response.setHeader("Vary", "Origin");
      // A preflight carries no Authorization (browsers leave credentials out of it), so it is answered before the token check.
      if (request.method === "OPTIONS") {
        response.writeHead(204, { "Access-Control-Allow-Methods": "GET, POST, HEAD, OPTIONS", "Access-Control-Allow-Headers": "Authorization, Content-Type", "Access-Control-Max-Age": "600" });
        response.end();
        return false;
      }
    }
    if (!guard) return true;
    const decision = guard.checkBearer(request);
    if (decision.allowed) return true;
    return refuse(request, response, decision.status, decision.reason);
  };
}

/**
 * A refusal in the shape the caller's client reads. Ollama answers 401 with `{"error": "unauthorized"}`
 * (server/cloud_proxy.go writeCloudUnauthorized, server/routes.go; its client reads `error` from any status ≥ 400,
 * api/client.go checkError), ollama/ollama@fb30760. OpenAI answers a wrong key with 401
 * `{"error": {"message", "type": "invalid_request_error", "param": null, "code": "invalid_api_key"}}` (a recorded
 * api.openai.com answer: MichelNivard/gptstudio tests/testthat/_snaps/gpt_api_calls.md), which the openai package
 * raises as AuthenticationError (openai 6.49.0 src/core/error.ts); other refusals take the types Ollama's
 * openai.NewError gives (openai/openai.go: "api_error" beyond 400 and 404).
 */
function refuse(request: IncomingMessage, response: ServerResponse, status: number, message: string): false {
  const pathname = new URL(request.url ?? "/", "http://localhost").pathname;
  const body = pathname.startsWith("/v1/")
    ? { error: { message, type: status === 401 ? "invalid_request_error" : "api_error", param: null, code: status === 401 ? "invalid_api_key" : null } }
    : { error: status === 401 ? `unauthorized: ${message}` : message };
  const text = JSON.stringify(body);
  const headers: Record<string, string | number> = { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text) };
  if (status === 429) headers["Retry-After"] = "60";
  response.writeHead(status, headers);
  response.end(request.method === "HEAD" ? undefined : text);
  return false;
}
