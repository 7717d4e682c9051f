/**
 * What a file on Hugging Face is before downloading it. Only the configured endpoint speaks: the resolve answer's
 * `X-Linked-Etag` / `X-Linked-Size` and the tree API's `lfs.oid` / `size`, held against each other and against the
 * catalog's pinned SHA-256 and size (remote-identity.ts); any disagreement refuses the download.
 *
 * Why not @huggingface/hub (read at huggingface/huggingface.js, packages/hub/src/lib/): `fileDownloadInfo` takes the
 * size and ETag from wherever its fetch's automatic redirects end (the CDN's ETag, not the endpoint's
 * `X-Linked-Etag`), takes no AbortSignal and sends GET with `Range: bytes=0-0`; `listFiles` fits the tree request
 * but takes no AbortSignal, follows redirects itself and throws on the non-OK answer a mirror without the tree API
 * gives; both would bring @huggingface/tasks and a WASM chunker into the main process for ~25 lines saved.
 */
import { z } from "zod";
import { AppError, isAppError } from "../../../common/contract/errors.ts";
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
import { agreeOnIdentity, type Announcement, type PinnedFile } from "./remote-identity.ts";

export interface RemoteFile {
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

export async function resolveRemoteFile(
  target: { repo: string; path: string },
  options: ResolveOptions,
  pinned?: PinnedFile,
): Promise<RemoteFile> {
  const url = resolveFileUrl(options.access.endpoint, target.repo, target.path);
  const errorContext = { repo: target.repo, file: target.path, access: options.access };
  const host = new URL(options.access.endpoint).host;
  return withNetworkErrors(options, async (signal) => {
    const { response, linked } = await requestFollowingRedirects(url, {
      fetch: options.fetch,
      method: "HEAD",
      access: options.access,
      signal,
      stopAtLinked: true,
    });
    await response.body?.cancel().catch(() => undefined);
    if (response.status >= 400) throw await httpError(response, errorContext);
    const headers: Announcement = { who: `the resolve headers of ${host}`, sha256: linked.sha256, sizeBytes: linked.sizeBytes };
    const tree = await readTreeEntry(target, options, signal);
    const announcements = tree ? [headers, { who: `the file listing of ${host}`, ...tree }] : [headers];
    const identity = agreeOnIdentity(target.path, pinned, announcements);
    return { url, ...identity, commit: linked.commit };
  });
}

/** The tree API's entry for the file, or null when the endpoint has no such API (mirrors) or no such entry. */
async function readTreeEntry(
  target: { repo: string; path: string },
  options: ResolveOptions,
  signal: AbortSignal,
): Promise<{ sha256: string | null; sizeBytes: number | null } | null> {
  const { response } = await requestFollowingRedirects(treeApiUrl(options.access.endpoint, target.repo), {
    fetch: options.fetch,
    method: "GET",
    access: options.access,
    signal,
  });
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    return null;
  }
  const entries = z.array(treeEntrySchema).safeParse(await response.json().catch(() => null));
  const entry = entries.success ? entries.data.find((candidate) => candidate.path === target.path) : undefined;
  if (!entry) return null;
  const oid = entry.lfs?.oid.toLowerCase();
  return {
    sha256: oid !== undefined && /^[0-9a-f]{64}$/.test(oid) ? oid : null,
    sizeBytes: entry.lfs?.size ?? entry.size ?? null,
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
