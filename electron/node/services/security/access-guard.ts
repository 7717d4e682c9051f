import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import os from "node:os";

export const tokenCookieName = "edge_gemma_token";
const maxFailures = 10;
const failureWindowMs = 60_000;

export type AccessDecision = { allowed: true; setCookie?: string } | { allowed: false; status: 401 | 403 | 429; reason: string };

export interface AccessGuardOptions {
  /** The host:port values the page may be reached at (defends against DNS rebinding). */
  allowedHosts: ReadonlySet<string>;
  /** Required when serving beyond this machine; none on loopback. */
  token?: string;
  /** Instead of `token`: whether a given token is the right one (the API keeps only the token's hash). */
  tokenMatches?: (given: string) => boolean;
  now?: () => number;
}

export function newAccessToken(): string {
  return randomBytes(24).toString("base64url");
}

export function sameSecret(given: string | Buffer, expected: string | Buffer): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The peer is this machine (127.0.0.0/8 or ::1, also as an IPv4-mapped IPv6 address). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice("::ffff:".length) : address;
  return v4.startsWith("127.") || address === "::1";
}

/** This machine's IPv4 addresses on its networks (not loopback). */
export function lanAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flatMap((addresses) => addresses ?? [])
    .filter((address) => address.family === "IPv4" && !address.internal)
    .map((address) => address.address);
}

function cookieToken(request: IncomingMessage): string | undefined {
  for (const part of (request.headers.cookie ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === tokenCookieName) return value.join("=");
  }
  return undefined;
}

function bearerToken(request: IncomingMessage): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(request.headers.authorization ?? "");
  return match?.[1];
}

/**
 * Decides whether a request may reach the app: the Host must be one we serve, a WebSocket's Origin must
 * be our own page, and on the LAN the access token must come with it. Failed token attempts are
 * rate-limited per client address.
 */
export class AccessGuard {
  private readonly failures = new Map<string, number[]>();
  private readonly now: () => number;
  private readonly tokenMatches: ((given: string) => boolean) | undefined;

  constructor(private readonly options: AccessGuardOptions) {
    this.now = options.now ?? Date.now;
    const { token, tokenMatches } = options;
    this.tokenMatches = tokenMatches ?? (token ? (given) => sameSecret(given, token) : undefined);
  }

  check(request: IncomingMessage, kind: "page" | "websocket"): AccessDecision {
    const host = request.headers.host ?? "";
    const refusedHost = this.refusedHost(request);
    if (refusedHost) return refusedHost;
    if (kind === "websocket" && request.headers.origin !== `http://${host}`) {
      return { allowed: false, status: 403, reason: "Cross-origin WebSocket refused" };
    }
    if (!this.tokenMatches) return { allowed: true };
    const queryToken = new URL(request.url ?? "/", "http://placeholder").searchParams.get("token") ?? undefined;
    return this.attempt(request, "This Edge Gemma needs its access token: open the URL it printed", (matches) => {
      if (queryToken !== undefined && matches(queryToken)) return { allowed: true, setCookie: `${tokenCookieName}=${queryToken}; HttpOnly; SameSite=Strict; Path=/` };
      const fromCookie = cookieToken(request);
      return fromCookie !== undefined && matches(fromCookie) ? { allowed: true } : undefined;
    });
  }

  /**
   * A program's request to the local API: the Host must be one we serve; from another machine it must carry
   * `Authorization: Bearer <token>` (programs on this machine need none), with the same lockout as the page.
   */
  checkBearer(request: IncomingMessage): AccessDecision {
    const refusedHost = this.refusedHost(request);
    if (refusedHost) return refusedHost;
    if (isLoopbackAddress(request.socket.remoteAddress)) return { allowed: true };
    const given = bearerToken(request);
    const missing = given === undefined ? "This Edge Gemma's API needs its token from other devices: send Authorization: Bearer <token>" : "Wrong API token";
    return this.attempt(request, missing, (matches) => (given !== undefined && matches(given) ? { allowed: true } : undefined));
  }

  private refusedHost(request: IncomingMessage): AccessDecision | undefined {
    const host = request.headers.host ?? "";
    return this.options.allowedHosts.has(host) ? undefined : { allowed: false, status: 403, reason: `Host ${host || "(none)"} is not served here` };
  }

  /** Runs `verify` unless the client is locked out; a failure counts towards the lockout. With no token set, nothing matches. */
  private attempt(request: IncomingMessage, refusal: string, verify: (matches: (given: string) => boolean) => AccessDecision | undefined): AccessDecision {
    const client = request.socket.remoteAddress ?? "unknown";
    if (this.recentFailures(client) >= maxFailures) return { allowed: false, status: 429, reason: "Too many wrong tokens: wait a minute" };
    const decision = verify(this.tokenMatches ?? (() => false));
    if (decision) return decision;
    this.failures.set(client, [...(this.failures.get(client) ?? []), this.now()]);
    return { allowed: false, status: 401, reason: refusal };
  }

  private recentFailures(client: string): number {
    const since = this.now() - failureWindowMs;
    const recent = (this.failures.get(client) ?? []).filter((at) => at > since);
    this.failures.set(client, recent);
    return recent.length;
  }
}
