/**
 * Model downloads for the main process (plain Node, dependencies injected), from Hugging Face (or a mirror) and from
 * the Ollama registry alike: one at a time with a queue, pause / resume / cancel, resumable across restarts from
 * `<file>.part` + `<file>.part.json`, free-disk check before starting, the catalog's pinned SHA-256 and size held
 * against what the endpoint announces, and the SHA-256 verified before the file gets its real name.
 */
import type { DownloadJob, DownloadState, RemoteSource } from "../../../common/contract/app/library.ts";
import { describeRemoteSource, modelFileNameSchema, remoteSourceSchema, variantIdSchema } from "../../../common/contract/app/library.ts";
import { AppError, isAppError, toAppError } from "../../../common/contract/errors.ts";
import { ensureDiskSpace } from "./disk-space.ts";
import { createJobRecord, notify, runJob, snapshot, type JobRecord, type RunContext } from "./download-job.ts";
import { fileSize, removeIfExists } from "./fs-utils.ts";
import { normalizeEndpoint, type FetchFunction, type HfAccess } from "./hf-http.ts";
import { resolveDownload } from "./download-resolve.ts";
import { normalizeRegistryEndpoint } from "./ollama-registry.ts";
import type { PinnedFile } from "./remote-identity.ts";
import { listPartialDownloads, modelPaths, readPartialDownload, writePartialDownload, type PartialDownload } from "./sidecars.ts";
import { createSpeedMeter } from "./speed-meter.ts";

export interface DownloadServiceOptions {
  modelsDir: string;
  fetch: FetchFunction;
  now: () => number;
  freeDiskBytes: (dir: string) => Promise<number>;
  /** The endpoint setting (default https://huggingface.co; a mirror works the same way). */
  getEndpoint: () => string | undefined | Promise<string | undefined>;
  /** The Ollama registry setting (default https://registry.ollama.ai). */
  getRegistryEndpoint?: () => string | undefined | Promise<string | undefined>;
  getToken: () => Promise<string | undefined>;
  /** No answer within this → "offline". Default 15 s. */
  connectTimeoutMs?: number;
  /** No data for this long → stalled (retried). Default 30 s. */
  idleTimeoutMs?: number;
  /** Less than this on average over `stallWindowMs` → stalled too (a trickle). Default 1 kB/s over 30 s. */
  stallFloorBytesPerSecond?: number;
  stallWindowMs?: number;
  /** Tries in a row without progress (a stall never counts as progress) before giving up. Default 6. */
  maxAttempts?: number;
  retryDelayMs?: (attempt: number) => number;
  /** At most one progress event per job in this interval (state changes always go out). Default 250 ms. */
  progressIntervalMs?: number;
  /** Left free on the disk on top of the file. Default 64 MiB. */
  diskReserveBytes?: number;
}

export interface DownloadRequest {
  source: RemoteSource;
  /** Its name in the models folder. */
  file: string;
  variantId?: string | null;
  /** The catalog's exact SHA-256 and size: the download must be this file, whatever a server says. */
  pinned?: PinnedFile;
}

export interface DownloadService {
  /** Picks up downloads interrupted by a restart or power cut (as paused jobs). */
  restore(): Promise<DownloadJob[]>;
  /** Resolves the file (SHA-256, size), checks the disk and queues it. Fails fast: offline, 404, gated, no disk, changed upstream. */
  start(request: DownloadRequest): Promise<DownloadJob>;
  pause(id: string): Promise<DownloadJob>;
  /** Resumes a paused job, or retries a failed one. */
  resume(id: string): Promise<DownloadJob>;
  /** Stops and deletes the partial file. False when there was no such job. */
  cancel(id: string): Promise<boolean>;
  list(): DownloadJob[];
  onProgress(listener: (job: DownloadJob) => void): () => void;
  onInstalled(listener: (job: DownloadJob) => void): () => void;
  /** Stops the active transfer and keeps every `.part` (what an app exit does). */
  close(): Promise<void>;
}

const settledStates: ReadonlySet<DownloadState> = new Set(["completed", "cancelled"]);

export function createDownloadService(options: DownloadServiceOptions): DownloadService {
  const jobs = new Map<string, JobRecord>();
  const progressListeners = new Set<(job: DownloadJob) => void>();
  const installedListeners = new Set<(job: DownloadJob) => void>();
  const lastEmit = new Map<string, number>();
  const pendingStarts = new Map<string, Promise<DownloadJob>>();
  const progressIntervalMs = options.progressIntervalMs ?? 250;
  const connectTimeoutMs = options.connectTimeoutMs ?? 15_000;
  let active: JobRecord | undefined;
  let closed = false;

  const access = async (): Promise<HfAccess> => ({
    endpoint: normalizeEndpoint(await options.getEndpoint()),
    token: (await options.getToken()) || undefined,
  });
  const registryEndpoint = async () => normalizeRegistryEndpoint(await options.getRegistryEndpoint?.());
  const emit = (record: JobRecord) => {
    lastEmit.set(record.id, options.now());
    notify(progressListeners, snapshot(record));
  };
  const setState: RunContext["setState"] = (record, state, error = null) => {
    record.state = state;
    record.error = error;
    record.retry = null;
    if (state === "downloading") record.meter.reset();
    emit(record);
  };
  const idleTimeoutMs = options.idleTimeoutMs ?? 30_000;
  const stallWindowMs = options.stallWindowMs ?? 30_000;
  const maxAttempts = options.maxAttempts ?? 6;
  const retryDelayMs = options.retryDelayMs ?? ((attempt: number) => Math.min(30_000, 1000 * 2 ** (attempt - 1)));
  const limits = { maxAttempts, giveUpWithinSeconds: giveUpBoundSeconds({ connectTimeoutMs, idleTimeoutMs, stallWindowMs, maxAttempts, retryDelayMs }) };
  const context: RunContext = {
    modelsDir: options.modelsDir,
    fetch: options.fetch,
    now: options.now,
    access,
    registryEndpoint,
    connectTimeoutMs,
    idleTimeoutMs,
    stallFloorBytesPerSecond: options.stallFloorBytesPerSecond ?? 1000,
    stallWindowMs,
    maxAttempts,
    retryDelayMs,
    onBytes(record) {
      record.meter.record(record.receivedBytes);
      // Bytes flowing again answer a lost connection; after a stall only a finished download does (it may trickle).
      const failure = record.retry?.error;
      const answered = failure !== undefined && !(isAppError(failure, "UNAVAILABLE") && failure.details?.reason === "stalled");
      if (answered) record.retry = null;
      if (answered || options.now() - (lastEmit.get(record.id) ?? 0) >= progressIntervalMs) emit(record);
    },
    onRetry: emit,
    setState,
  };

  const checkDisk = (file: string, remainingBytes: number) =>
    ensureDiskSpace({ ...options, dir: options.modelsDir, what: file, bytes: remainingBytes, reserveBytes: options.diskReserveBytes });

  function newRecord(remote: PartialDownload, receivedBytes: number, state: DownloadState): JobRecord {
    const record = createJobRecord(remote, receivedBytes, state, createSpeedMeter(options.now), limits);
    jobs.set(record.id, record);
    return record;
  }

  function pump(): void {
    if (active || closed) return;
    const next = [...jobs.values()].find((record) => record.state === "queued");
    if (!next) return;
    active = next;
    const controller = new AbortController();
    next.controller = controller;
    next.stopReason = undefined;
    setState(next, "downloading");
    next.running = runJob(next, context, controller.signal)
      .then(() => {
        setState(next, "completed");
        notify(installedListeners, snapshot(next));
      })
      .catch(async (error: unknown) => {
        const paths = modelPaths(options.modelsDir, next.file);
        if (next.stopReason === "cancel") {
          await Promise.all([removeIfExists(paths.part), removeIfExists(paths.partialState)]);
        } else if (next.stopReason === "pause" || next.stopReason === "close") {
          if (next.stopReason === "pause") setState(next, "paused");
          else next.state = "paused";
        } else setState(next, "failed", toAppError(error));
      })
      .finally(() => {
        next.controller = undefined;
        active = undefined;
        pump();
      });
  }

  async function stopActive(record: JobRecord, reason: NonNullable<JobRecord["stopReason"]>): Promise<void> {
    record.stopReason = reason;
    record.controller?.abort(new AppError("CANCELLED", `Download ${reason}d`));
    await record.running?.catch(() => undefined);
  }

  function requireJob(id: string): JobRecord {
    const record = jobs.get(id);
    if (!record) throw new AppError("NOT_FOUND", `No download called ${id}.`);
    return record;
  }

  async function startNew(request: DownloadRequest, id: string): Promise<DownloadJob> {
    const paths = modelPaths(options.modelsDir, request.file);
    if ((await fileSize(paths.model)) !== undefined) throw new AppError("BAD_REQUEST", `${request.file} is already installed.`);
    const partBytes = (await fileSize(paths.part)) ?? 0;
    if (request.pinned) await checkDisk(request.file, request.pinned.sizeBytes - partBytes);
    const resolveOptions = { fetch: options.fetch, hfAccess: access, registryEndpoint, timeoutMs: connectTimeoutMs };
    const { endpoint, sha256, sizeBytes, commit } = await resolveDownload(request.source, request.pinned, resolveOptions);
    const previous = await readPartialDownload(paths.partialState);
    if (previous && previous.sha256 !== sha256) await removeIfExists(paths.part);
    const receivedBytes = (await fileSize(paths.part)) ?? 0;
    await checkDisk(request.file, sizeBytes - receivedBytes);
    const state: PartialDownload = {
      version: 2, id, variantId: request.variantId ?? null, source: request.source, endpoint, file: request.file,
      sha256, sizeBytes, pinned: request.pinned !== undefined, commit, startedAt: options.now(),
    };
    await writePartialDownload(paths.partialState, state);
    const record = newRecord(state, receivedBytes, "queued");
    emit(record);
    pump();
    return snapshot(record);
  }

  const service: DownloadService = {
    async restore() {
      for (const { state, partBytes } of await listPartialDownloads(options.modelsDir))
        if (!jobs.has(state.id)) newRecord(state, partBytes, "paused");
      return service.list();
    },
    async start(request) {
      if (closed) throw new AppError("UNAVAILABLE", "The download service has been shut down.");
      const id = request.variantId ?? request.file.replace(/\.gguf$/, "");
      const source = remoteSourceSchema.safeParse(request.source);
      if (!source.success || !modelFileNameSchema.safeParse(request.file).success || !variantIdSchema.safeParse(id).success)
        throw new AppError("BAD_REQUEST", `Can't download "${request.file}" from ${source.success ? describeRemoteSource(source.data) : "that source"}: not a known source and .gguf file name.`);
      const existing = jobs.get(id);
      if (existing && !settledStates.has(existing.state))
        return existing.state === "paused" || existing.state === "failed" ? service.resume(id) : snapshot(existing);
      if (existing) jobs.delete(id);
      const pending = pendingStarts.get(id) ?? startNew(request, id).finally(() => pendingStarts.delete(id));
      pendingStarts.set(id, pending);
      return pending;
    },
    async pause(id) {
      const record = requireJob(id);
      if (record.state === "queued") setState(record, "paused");
      else if (record === active) await stopActive(record, "pause");
      return snapshot(record);
    },
    async resume(id) {
      const record = requireJob(id);
      if (record.state !== "paused" && record.state !== "failed") return snapshot(record);
      const partBytes = (await fileSize(modelPaths(options.modelsDir, record.file).part)) ?? 0;
      record.receivedBytes = partBytes;
      await checkDisk(record.file, record.remote.sizeBytes - partBytes);
      setState(record, "queued");
      pump();
      return snapshot(record);
    },
    async cancel(id) {
      const record = jobs.get(id);
      if (!record) return false;
      if (record === active) await stopActive(record, "cancel");
      jobs.delete(id);
      if (record.state === "completed") return true; // only forgets it: the installed model stays
      const paths = modelPaths(options.modelsDir, record.file);
      await Promise.all([removeIfExists(paths.part), removeIfExists(paths.partialState)]);
      setState(record, "cancelled");
      return true;
    },
    list: () => [...jobs.values()].map(snapshot),
    onProgress(listener) {
      progressListeners.add(listener);
      return () => progressListeners.delete(listener);
    },
    onInstalled(listener) {
      installedListeners.add(listener);
      return () => installedListeners.delete(listener);
    },
    async close() {
      closed = true;
      if (active) await stopActive(active, "close");
    },
  };
  return service;
}

/**
 * How long a download that keeps failing can take before it gives up: every try ends within the longest of its
 * timeouts (plus a second for the slow-transfer check), and the waits between tries add up.
 */
export function giveUpBoundSeconds(settings: {
  connectTimeoutMs: number;
  idleTimeoutMs: number;
  stallWindowMs: number;
  maxAttempts: number;
  retryDelayMs: (attempt: number) => number;
}): number {
  const perTry = Math.max(settings.connectTimeoutMs, settings.idleTimeoutMs, settings.stallWindowMs) + 1000;
  let waits = 0;
  for (let attempt = 1; attempt < settings.maxAttempts; attempt++) waits += settings.retryDelayMs(attempt);
  return Math.ceil((settings.maxAttempts * perTry + waits) / 1000);
}
