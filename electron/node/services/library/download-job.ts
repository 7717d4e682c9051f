/** The in-memory record of one download, its public snapshot, and the run loop (retries, verification, install). */
import { rename } from "node:fs/promises";
import type { DownloadJob, DownloadState, RemoteSource } from "../../../common/contract/app/library.ts";
import { AppError, isAppError, isRetryable } from "../../../common/contract/errors.ts";
import { removeIfExists } from "./fs-utils.ts";
import { resolveFileUrl, type FetchFunction, type HfAccess } from "./hf-http.ts";
import { transferOnce, type HashHolder } from "./download-transfer.ts";
import { readGgufSummary } from "./gguf-inspect.ts";
import { blobUrl } from "./ollama-registry.ts";
import { modelPaths, writeModelSidecar, type ModelSidecar, type PartialDownload } from "./sidecars.ts";
import type { SpeedMeter } from "./speed-meter.ts";

export interface JobRecord {
  id: string;
  variantId: string | null;
  source: RemoteSource;
  file: string;
  state: DownloadState;
  receivedBytes: number;
  error: AppError | null;
  /** Waiting to try again after a failure: which try comes next, when, and why. */
  retry: { attempt: number; nextAttemptAt: number; error: AppError } | null;
  /** The service's retry settings, as the Library states them. */
  limits: RetryLimits;
  /** What the bytes must become (mirrors `<file>.part.json`). */
  remote: PartialDownload;
  hash: HashHolder;
  meter: SpeedMeter;
  controller: AbortController | undefined;
  stopReason: "pause" | "cancel" | "close" | undefined;
  running: Promise<void> | undefined;
}

export interface RetryLimits {
  maxAttempts: number;
  /** The longest a download can keep failing (stalled, no answer) before it gives up. */
  giveUpWithinSeconds: number;
}

export function createJobRecord(remote: PartialDownload, receivedBytes: number, state: DownloadState, meter: SpeedMeter, limits: RetryLimits): JobRecord {
  const { id, variantId, source, file } = remote;
  const record = { id, variantId, source, file, state, receivedBytes, error: null, retry: null, limits, remote, meter };
  return { ...record, hash: { state: undefined }, controller: undefined, stopReason: undefined, running: undefined };
}

/** A listener that throws must not break the download it listens to. */
export function notify(listeners: Iterable<(job: DownloadJob) => void>, job: DownloadJob): void {
  for (const listener of listeners) {
    try {
      listener(job);
    } catch {
      // the listener's problem, not the download's
    }
  }
}

export function snapshot(record: JobRecord): DownloadJob {
  const active = record.state === "downloading";
  return {
    id: record.id,
    variantId: record.variantId,
    source: record.source,
    file: record.file,
    state: record.state,
    receivedBytes: record.receivedBytes,
    totalBytes: record.remote.sizeBytes,
    bytesPerSecond: active ? record.meter.bytesPerSecond() : null,
    etaSeconds: active ? record.meter.etaSeconds(record.remote.sizeBytes) : null,
    error: record.error?.toWire() ?? null,
    retry:
      active && record.retry
        ? { ...record.retry, error: record.retry.error.toWire(), ...record.limits }
        : null,
  };
}

export interface RunContext {
  modelsDir: string;
  fetch: FetchFunction;
  now: () => number;
  access: () => Promise<HfAccess>;
  registryEndpoint: () => Promise<string>;
  connectTimeoutMs: number;
  idleTimeoutMs: number;
  stallFloorBytesPerSecond: number;
  stallWindowMs: number;
  maxAttempts: number;
  retryDelayMs: (attempt: number) => number;
  onBytes(record: JobRecord): void;
  /** A try failed and the next one is scheduled (`record.retry`). */
  onRetry(record: JobRecord): void;
  setState(record: JobRecord, state: DownloadState, error?: AppError | null): void;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}

/** Where the bytes come from now: the endpoint setting of now (a mirror chosen since the start works too). */
async function transferSource(record: JobRecord, context: RunContext): Promise<{ access: HfAccess; url: string }> {
  const { source } = record;
  if (source.kind === "huggingface") {
    const access = await context.access();
    return { access, url: resolveFileUrl(access.endpoint, source.repo, source.path) };
  }
  // The registry needs no token, and ours is only for Hugging Face: never send it there.
  const endpoint = await context.registryEndpoint();
  return { access: { endpoint, token: undefined }, url: blobUrl(endpoint, source.model, record.remote.sha256) };
}

/** Downloads until the part is complete (retrying transient failures), verifies the SHA-256 and installs the model. */
export async function runJob(record: JobRecord, context: RunContext, signal: AbortSignal): Promise<void> {
  const paths = modelPaths(context.modelsDir, record.file);
  const { access, url } = await transferSource(record, context);
  let attempt = 0;
  for (;;) {
    const before = record.receivedBytes;
    try {
      await transferOnce(
        {
          fetch: context.fetch,
          access,
          url,
          repo: record.source.kind === "huggingface" ? record.source.repo : `library/${record.source.model}`,
          file: record.file,
          partPath: paths.part,
          expectedSize: record.remote.sizeBytes,
          expectedSha256: record.remote.sha256,
          pinned: record.remote.pinned,
          connectTimeoutMs: context.connectTimeoutMs,
          idleTimeoutMs: context.idleTimeoutMs,
          stallFloorBytesPerSecond: context.stallFloorBytesPerSecond,
          stallWindowMs: context.stallWindowMs,
          signal,
          onBytes: (bytes) => {
            record.receivedBytes = bytes;
            context.onBytes(record);
          },
        },
        record.hash,
      );
      break;
    } catch (error) {
      if (signal.aborted) throw error;
      // A stall counts as a failed try even if a trickle of bytes came in: otherwise a trickle never gives up.
      const stalled = isAppError(error, "UNAVAILABLE") && error.details?.reason === "stalled";
      attempt = record.receivedBytes > before && !stalled ? 1 : attempt + 1;
      if (!isRetryable(error) || attempt >= context.maxAttempts) throw error;
      const delay = context.retryDelayMs(attempt);
      record.retry = { attempt: attempt + 1, nextAttemptAt: context.now() + delay, error };
      context.onRetry(record);
      await sleep(delay, signal);
      if (signal.aborted) throw error;
    }
  }
  await verifyAndInstall(record, context, paths);
}

async function verifyAndInstall(record: JobRecord, context: RunContext, paths: ReturnType<typeof modelPaths>): Promise<void> {
  context.setState(record, "verifying");
  const state = record.hash.state;
  record.hash.state = undefined;
  const actual = state?.hash.digest("hex");
  if (actual !== record.remote.sha256) {
    await removeIfExists(paths.part);
    record.receivedBytes = 0;
    throw new AppError(
      "MODEL_INVALID",
      `The downloaded ${record.file} is corrupt: its SHA-256 does not match the one published for it. ` +
        "The partial file was discarded and nothing else was touched. Retry to download it again.",
      { reason: "sha256-mismatch", expectedSha256: record.remote.sha256, actualSha256: actual ?? null, retryable: true },
    );
  }
  // The hash matched the published one; the header only adds quantization and architecture to the sidecar.
  const summary = await readGgufSummary(paths.part).catch(() => undefined);
  await writeModelSidecar(paths.sidecar, downloadedSidecar(record, actual, context.now(), summary));
  await rename(paths.part, paths.model);
  await removeIfExists(paths.partialState);
}

function downloadedSidecar(
  record: JobRecord,
  sha256: string,
  downloadedAt: number,
  summary: { quantization: string | null; architecture: string | null } | undefined,
): ModelSidecar {
  const { source, remote } = record;
  const common = {
    version: 1 as const,
    endpoint: remote.endpoint,
    variantId: record.variantId,
    sha256,
    sizeBytes: remote.sizeBytes,
    downloadedAt,
    quantization: summary?.quantization ?? null,
    architecture: summary?.architecture ?? null,
  };
  return source.kind === "huggingface"
    ? { ...common, source: "huggingface", repo: source.repo, file: source.path, commit: remote.commit }
    : { ...common, source: "ollama", model: source.model, tag: source.tag };
}
