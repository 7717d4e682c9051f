import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

export const tokenCookieName = "edge_gemma_token";
const maxFailures = 10;
const failureWindowMs = 60_000;

export type AccessDecision = { allowed: true; setCookie?: string } | { allowed: false; status: 401 | 403 | 429; reason: string };

export interface AccessGuardOptions {
  /** The host:port values the page may be reached at (defends against DNS rebinding). */
  allowedHosts: ReadonlySet<string>;
  /** Required when serving beyond this machine; none on loopback. */
  token?: string;
  now?: () => number;
}

export function newAccessToken(): string {
  return randomBytes(24).toString("base64url");
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(request: IncomingMessage): string | undefined {
  for (const part of (request.headers.cookie ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === tokenCookieName) return value.join("=");
  }
  return undefined;
}

/**
 * Decides whether a request may reach the app: the Host must be one we serve, a WebSocket's Origin must
 * be our own page, and on the LAN the access token must come with it. Failed token attempts are
 * rate-limited per client address.
 */
export class AccessGuard {
  private readonly failures = new Map<string, number[]>();
  private readonly now: () => number;

  constructor(private readonly options: AccessGuardOptions) {
    this.now = options.now ?? Date.now;
  }

  check(request: IncomingMessage, kind: "page" | "websocket"): AccessDecision {
    const host = request.headers.host ?? "";
    if (!this.options.allowedHosts.has(host)) return { allowed: false, status: 403, reason: `Host ${host || "(none)"} is not served here` };
    if (kind === "websocket" && request.headers.origin !== `http://${host}`) {
      return { allowed: false, status: 403, reason: "Cross-origin WebSocket refused" };
    }
    const { token } = this.options;
    if (!token) return { allowed: true };

    const client = request.socket.remoteAddress ?? "unknown";
    if (this.recentFailures(client) >= maxFailures) return { allowed: false, status: 429, reason: "Too many wrong tokens: wait a minute" };
    const queryToken = new URL(request.url ?? "/", "http://placeholder").searchParams.get("token") ?? undefined;
    if (queryToken !== undefined && sameSecret(queryToken, token)) {
      return { allowed: true, setCookie: `${tokenCookieName}=${token}; HttpOnly; SameSite=Strict; Path=/` };
    }
    const fromCookie = cookieToken(request);
    if (fromCookie !== undefined && sameSecret(fromCookie, token)) return { allowed: true };
    this.failures.set(client, [...(this.failures.get(client) ?? []), this.now()]);
    return { allowed: false, status: 401, reason: "This Edge Gemma needs its access token: open the URL it printed" };
  }

  private recentFailures(client: string): number {
    const since = this.now() - failureWindowMs;
    const recent = (this.failures.get(client) ?? []).filter((at) => at > since);
    this.failures.set(client, recent);
    return recent.length;
  }
}
