/**
 * What a file on Hugging Face is before downloading it: its SHA-256 and size, from the resolve redirect's
 * `X-Linked-Etag` / `X-Linked-Size` (HEAD), or else from the tree API's `lfs.oid`.
 */
import { z } from "zod";
import { AppError, isAppError } from "../../contract/errors.ts";
import {
  createWatchdog,
  formatDuration,
  httpError,
  networkErrorCode,
  offlineError,
  requestFollowingRedirects,
  resolveFileUrl,
  TimeoutReason,
  treeApiUrl,
  type FetchFunction,
  type HfAccess,
} from "./hf-http.ts";

export interface RemoteFile {
  repo: string;
  file: string;
  /** The resolve URL (signed CDN URLs expire, so every transfer starts again from here). */
  url: string;
  sha256: string;
  sizeBytes: number;
  commit: string | null;
}

export interface ResolveOptions {
  fetch: FetchFunction;
  access: HfAccess;
  timeoutMs: number;
  signal?: AbortSignal;
}

const treeEntrySchema = z.looseObject({
  type: z.string(),
  path: z.string(),
  size: z.number().optional(),
  lfs: z.looseObject({ oid: z.string(), size: z.number() }).optional(),
});

export async function resolveRemoteFile(target: { repo: string; file: string }, options: ResolveOptions): Promise<RemoteFile> {
  const url = resolveFileUrl(options.access.endpoint, target.repo, target.file);
  return withNetworkErrors(options, async (signal) => {
    const { response, linked } = await requestFollowingRedirects(url, {
      fetch: options.fetch,
      method: "HEAD",
      access: options.access,
      signal,
      stopAtLinked: true,
    });
    await response.body?.cancel().catch(() => undefined);
    if (response.status >= 400) throw await httpError(response, { ...target, access: options.access });
    let { sha256, sizeBytes } = linked;
    if (sizeBytes === null && response.ok) sizeBytes = Number(response.headers.get("content-length") ?? Number.NaN);
    if (sha256 === null) ({ sha256, sizeBytes } = await readTreeEntry(target, options, signal, sizeBytes));
    if (sha256 === null)
      throw new AppError("UNAVAILABLE", `${target.file} has no published SHA-256, so it can't be verified: download refused.`, {
        reason: "no-checksum",
      });
    if (sizeBytes === null || !Number.isSafeInteger(sizeBytes) || sizeBytes <= 0)
      throw new AppError("UNAVAILABLE", `The server did not say how big ${target.file} is: download refused.`, { reason: "no-size" });
    return { ...target, url, sha256, sizeBytes, commit: linked.commit };
  });
}

async function readTreeEntry(
  target: { repo: string; file: string },
  options: ResolveOptions,
  signal: AbortSignal,
  knownSize: number | null,
): Promise<{ sha256: string | null; sizeBytes: number | null }> {
  const { response } = await requestFollowingRedirects(treeApiUrl(options.access.endpoint, target.repo), {
    fetch: options.fetch,
    method: "GET",
    access: options.access,
    signal,
  });
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    return { sha256: null, sizeBytes: knownSize };
  }
  const entries = z.array(treeEntrySchema).safeParse(await response.json().catch(() => null));
  const entry = entries.success ? entries.data.find((candidate) => candidate.path === target.file) : undefined;
  const oid = entry?.lfs?.oid.toLowerCase();
  return {
    sha256: oid !== undefined && /^[0-9a-f]{64}$/.test(oid) ? oid : null,
    sizeBytes: entry?.lfs?.size ?? entry?.size ?? knownSize,
  };
}

/** Runs a request under a connect timeout and turns network failures into "offline" errors. */
export async function withNetworkErrors<T>(
  options: { access: HfAccess; timeoutMs: number; signal?: AbortSignal },
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const watchdog = createWatchdog(options.signal ?? new AbortController().signal);
  watchdog.arm("connect", options.timeoutMs);
  try {
    return await run(watchdog.signal);
  } catch (error) {
    if (isAppError(error)) throw error;
    const reason: unknown = watchdog.signal.reason;
    if (reason instanceof TimeoutReason)
      throw offlineError(options.access.endpoint, `no answer within ${formatDuration(options.timeoutMs)}`);
    if (options.signal?.aborted) throw new AppError("CANCELLED", "Cancelled");
    const code = networkErrorCode(error);
    if (code !== null) throw offlineError(options.access.endpoint, code);
    throw error;
  } finally {
    watchdog.dispose();
  }
}
