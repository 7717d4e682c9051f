/**
 * Talking to Hugging Face (or a mirror with the same API, the HF_ENDPOINT convention) with an injected fetch:
 * resolve URLs, redirects followed by hand (loop detection, the token never leaves the endpoint's origin, the
 * `X-Linked-*` headers of the resolve redirect kept), errors turned into AppErrors, timeouts so nothing hangs.
 */
import { AppError } from "../../../common/contract/errors.ts";
import { connectionError } from "./connection-errors.ts";

export type FetchFunction = typeof fetch;

export interface HfAccess {
  endpoint: string;
  token: string | undefined;
}

export const defaultEndpoint = "https://huggingface.co";
const maxRedirects = 10;

export function normalizeEndpoint(endpoint: string | undefined): string {
  const trimmed = (endpoint ?? "").trim().replace(/\/+$/, "");
  return trimmed === "" ? defaultEndpoint : trimmed;
}

export function resolveFileUrl(endpoint: string, repo: string, file: string, revision = "main"): string {
  const path = file.split("/").map(encodeURIComponent).join("/");
  return `${normalizeEndpoint(endpoint)}/${repo}/resolve/${encodeURIComponent(revision)}/${path}`;
}

export function treeApiUrl(endpoint: string, repo: string, revision = "main"): string {
  return `${normalizeEndpoint(endpoint)}/api/models/${repo}/tree/${encodeURIComponent(revision)}`;
}

/** What the resolve redirect says about an LFS file. */
export interface LinkedHeaders {
  sha256: string | null;
  sizeBytes: number | null;
  commit: string | null;
}

/** `X-Linked-Etag: "<sha256>"` (or a weak `W/"…"`) → the digest, when it is a SHA-256 and not a git blob id. */
export function parseSha256Etag(value: string | null): string | null {
  const match = value?.trim().match(/^(?:W\/)?"?([0-9a-fA-F]{64})"?$/);
  return match?.[1]?.toLowerCase() ?? null;
}

export function readLinkedHeaders(headers: Headers): LinkedHeaders {
  const size = Number(headers.get("x-linked-size") ?? Number.NaN);
  return {
    sha256: parseSha256Etag(headers.get("x-linked-etag")),
    sizeBytes: Number.isSafeInteger(size) && size >= 0 ? size : null,
    commit: headers.get("x-repo-commit"),
  };
}

/** Why our own timer aborted a request (as opposed to a pause or a cancel). */
export class TimeoutReason extends Error {
  /** connect: no answer; idle: no data at all; slow: data below the floor (see download-transfer.ts). */
  constructor(readonly kind: "connect" | "idle" | "slow") {
    super(kind === "connect" ? "no answer" : "stalled");
  }
}

export interface RequestOptions {
  fetch: FetchFunction;
  method: "GET" | "HEAD";
  access: HfAccess;
  signal: AbortSignal;
  headers?: Record<string, string>;
  /** Stop at the first response that carries `X-Linked-Etag` instead of following it to the CDN. */
  stopAtLinked?: boolean;
  /** Told each URL before it is requested (so a failure can name the host that failed). */
  onHop?: (url: string) => void;
}

export interface FollowedResponse {
  response: Response;
  /** The linked headers seen on the way (from the resolve redirect), merged with the final response's. */
  linked: LinkedHeaders;
  url: string;
}

/**
 * Follows redirects by hand: detects loops, refuses a step down from https to http, drops the token off the
 * endpoint's origin, and keeps `X-Linked-*` only from the endpoint itself — a redirect target (a CDN, or anything a
 * redirect points to) never speaks for which file this is.
 */
export async function requestFollowingRedirects(url: string, options: RequestOptions): Promise<FollowedResponse> {
  const endpointOrigin = new URL(normalizeEndpoint(options.access.endpoint)).origin;
  const seen = new Set<string>();
  let linked: LinkedHeaders = { sha256: null, sizeBytes: null, commit: null };
  let current = url;
  for (let hop = 0; hop <= maxRedirects; hop++) {
    if (seen.has(current)) throw redirectError(url, "loop");
    seen.add(current);
    const headers: Record<string, string> = { ...options.headers };
    if (options.access.token && new URL(current).origin === endpointOrigin) headers.authorization = `Bearer ${options.access.token}`;
    options.onHop?.(current);
    const response = await options.fetch(current, { method: options.method, headers, redirect: "manual", signal: options.signal });
    const fromEndpoint = new URL(current).origin === endpointOrigin;
    const found = fromEndpoint ? readLinkedHeaders(response.headers) : { sha256: null, sizeBytes: null, commit: null };
    linked = {
      sha256: found.sha256 ?? linked.sha256,
      sizeBytes: found.sizeBytes ?? linked.sizeBytes,
      commit: found.commit ?? linked.commit,
    };
    const location = response.headers.get("location");
    const isRedirect = response.status >= 300 && response.status < 400 && location !== null;
    if (!isRedirect || (options.stopAtLinked && found.sha256 !== null)) return { response, linked, url: current };
    await response.body?.cancel().catch(() => undefined);
    const next = new URL(location, current);
    if (new URL(current).protocol === "https:" && next.protocol !== "https:") throw insecureRedirectError(current, next);
    current = next.href;
  }
  throw redirectError(url, "too-many");
}

function insecureRedirectError(from: string, to: URL): AppError {
  return new AppError(
    "UNAVAILABLE",
    `Download refused: ${new URL(from).host} redirected from https to an insecure address (${to.protocol}//${to.host}).`,
    { reason: "insecure-redirect" },
  );
}

function redirectError(url: string, kind: "loop" | "too-many"): AppError {
  const host = new URL(url).host;
  const what = kind === "loop" ? "a redirect loop" : `more than ${maxRedirects} redirects`;
  return new AppError("UNAVAILABLE", `Download failed: ${host} answered with ${what}. The endpoint setting may point to a broken mirror.`, {
    reason: kind === "loop" ? "redirect-loop" : "too-many-redirects",
  });
}

/** Turns an HTTP error answer into a clear AppError (reads `X-Error-Code` and the `{error}` body). */
export async function httpError(response: Response, context: { repo: string; file: string; access: HfAccess }): Promise<AppError> {
  const hfCode = response.headers.get("x-error-code");
  const serverMessage = await readErrorMessage(response);
  const host = new URL(normalizeEndpoint(context.access.endpoint)).host;
  const hadToken = Boolean(context.access.token);
  const details = { httpStatus: response.status, hfErrorCode: hfCode, serverMessage };
  const { repo, file } = context;
  if (hfCode === "RepoNotFound")
    return new AppError("NOT_FOUND", `Repository ${repo} was not found on ${host}${hadToken ? "" : " (if it is private, add an access token in Settings)"}.`, details);
  if (hfCode === "EntryNotFound" || response.status === 404)
    return new AppError("NOT_FOUND", `${file} was not found in ${repo} on ${host}.`, details);
  if (hfCode === "GatedRepo" || response.status === 401 || response.status === 403) {
    const message = hadToken
      ? `${host} refused the access token for ${repo} (${response.status}). Check the token in Settings and that you accepted the model's terms on the Hugging Face website.`
      : `${repo} is gated: add a Hugging Face access token in Settings (and accept the model's terms on the Hugging Face website), then try again.`;
    return new AppError("UNAVAILABLE", message, { ...details, needsToken: true });
  }
  if (response.status === 429)
    return new AppError("UNAVAILABLE", `${host} is rate-limiting downloads (429). Try again in a few minutes.`, { ...details, retryable: true });
  if (response.status >= 500)
    return new AppError("UNAVAILABLE", `${host} had a server error (${response.status}). Try again later.`, { ...details, retryable: true });
  return new AppError("UNAVAILABLE", `${host} answered ${response.status} for ${repo}/${file}.`, details);
}

async function readErrorMessage(response: Response): Promise<string | null> {
  try {
    const text = (await response.text()).slice(0, 2000);
    try {
      const body: unknown = JSON.parse(text);
      if (typeof body === "object" && body !== null && "error" in body && typeof body.error === "string") return body.error;
    } catch {
      // not JSON
    }
    return text.trim() === "" ? null : text.trim().slice(0, 500);
  } catch {
    return null;
  }
}

export { networkErrorCode } from "./connection-errors.ts";

/** "15 s", "0.3 s". */
export function formatDuration(ms: number): string {
  return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${Number((ms / 1000).toFixed(1))} s`;
}

/** No HTTP answer from `url`'s host: `reason` is a network code or "no answer within …" (see connection-errors.ts). */
export function offlineError(url: string, reason: string): AppError {
  const timeout = /^no answer within ([\d.]+) s$/.exec(reason);
  return connectionError(normalizeEndpoint(url), timeout ? "timeout" : reason, timeout ? Number(timeout[1]) * 1000 : undefined);
}

/** An AbortController that aborts with a TimeoutReason when `arm`ed and not re-armed in time, or when `parent` aborts. */
export function createWatchdog(parent: AbortSignal) {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onParentAbort = () => controller.abort(parent.reason);
  if (parent.aborted) onParentAbort();
  else parent.addEventListener("abort", onParentAbort, { once: true });
  return {
    signal: controller.signal,
    arm(kind: TimeoutReason["kind"], ms: number) {
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(new TimeoutReason(kind)), ms);
    },
    trip(kind: TimeoutReason["kind"]) {
      clearTimeout(timer);
      controller.abort(new TimeoutReason(kind));
    },
    dispose() {
      clearTimeout(timer);
      parent.removeEventListener("abort", onParentAbort);
    },
  };
}
