import type { ApiAccessStatus } from "../../common/contract/app/api-access.ts";
import type { Settings } from "../../common/contract/app/settings.ts";
import type { ApiServer } from "./api-server.ts";
import { ollamaDefaultPort } from "./api-server.ts";
import type { ApiTokenStore } from "./api-token-store.ts";

/** How the API listens: not at all, on loopback, or on every address with the token for other machines. */
export type ApiReach = "off" | "local" | "network";

export interface ApiListenOptions {
  port: number;
  network?: { tokenMatches: (given: string) => boolean };
  allowedOrigins: () => readonly string[];
}

export interface ApiAccessOptions {
  settings: { readonly current: Settings; onChange(listener: (settings: Settings, changedKeys: string[]) => void): () => void };
  tokens: ApiTokenStore;
  /** Starts the API server (over the caller's engine) as asked. */
  startServer: (listen: ApiListenOptions) => Promise<ApiServer>;
  /** Tried first; taken, the next free one. Default 11434, Ollama's. */
  port?: number;
  /** `npm run serve -- --api`, `--api-port` in headless mode: loopback at least, whatever the settings say. */
  forceLocal?: boolean;
}

export function apiReachOf(settings: Settings["api"], forceLocal = false): ApiReach {
  if (settings.network) return "network";
  return settings.local || forceLocal ? "local" : "off";
}

/**
 * The local API as the settings want it: given `api.local`, `api.network` and the allowed origins, runs the right
 * listener and restarts it when they change (the origins and the token are read per request: no restart). The
 * desktop app, headless mode and `npm run serve` all run it; the UI reads `status()` and hears `onChange`.
 */
export class ApiAccess {
  private server: ApiServer | undefined;
  private reach: ApiReach = "off";
  private current: ApiAccessStatus;
  private transitions: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(status: ApiAccessStatus) => void>();
  private stopWatching: (() => void) | undefined;
  private readonly wantedPort: number;

  constructor(private readonly options: ApiAccessOptions) {
    this.wantedPort = options.port ?? ollamaDefaultPort;
    this.current = this.offStatus();
  }

  /** Starts what the settings ask for, and follows their changes from now on. */
  start(): Promise<void> {
    this.stopWatching ??= this.options.settings.onChange((_settings, changedKeys) => {
      if (changedKeys.some((key) => key === "api.local" || key === "api.network")) void this.apply();
    });
    return this.apply();
  }

  /** Resolves once every change asked for so far has been applied. */
  settled(): Promise<void> {
    return this.transitions;
  }

  status(): ApiAccessStatus {
    return structuredClone(this.current);
  }

  onChange(listener: (status: ApiAccessStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A new token for devices on the network; the old one is refused from now on. The caller shows it once. */
  async newToken(): Promise<{ token: string; status: ApiAccessStatus }> {
    const token = await this.options.tokens.renew();
    this.publish({ ...this.current, hasToken: true });
    return { token, status: this.status() };
  }

  async close(): Promise<void> {
    this.stopWatching?.();
    this.stopWatching = undefined;
    await this.queue(() => this.stopServer());
  }

  /** Brings the listener in line with the settings; one change at a time, in order. */
  private apply(): Promise<void> {
    return this.queue(async () => {
      const wanted = apiReachOf(this.options.settings.current.api, this.options.forceLocal);
      if (wanted === this.reach && this.current.state !== "failed") return;
      await this.stopServer();
      if (wanted === "off") return this.publish(this.offStatus());
      try {
        const { tokens } = this.options;
        const server = await this.options.startServer({
          port: this.wantedPort,
          allowedOrigins: () => this.options.settings.current.api.allowedOrigins,
          ...(wanted === "network" && { network: { tokenMatches: tokens.matches } }),
        });
        this.server = server;
        this.reach = wanted;
        this.publish({
          ...this.offStatus(),
          state: "listening",
          localUrl: server.url,
          networkUrls: server.networkUrls,
          port: server.port,
          portTaken: server.portTaken,
        });
      } catch (error) {
        this.publish({ ...this.offStatus(), state: "failed", error: `The API could not start: ${error instanceof Error ? error.message : String(error)}` });
      }
    });
  }

  private queue(step: () => Promise<void>): Promise<void> {
    const next = this.transitions.then(step);
    this.transitions = next.catch(() => undefined);
    return next;
  }

  private async stopServer(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.reach = "off";
    await server?.close();
  }

  private offStatus(): ApiAccessStatus {
    return { state: "off", localUrl: null, networkUrls: [], port: null, wantedPort: this.wantedPort, portTaken: false, hasToken: this.options.tokens.hasToken, error: null };
  }

  private publish(status: ApiAccessStatus): void {
    this.current = status;
    for (const listener of this.listeners) listener(this.status());
  }
}
