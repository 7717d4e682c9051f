/**
 * One attempt at moving bytes into `<file>.part`: resumes with `Range: bytes=<part size>-`, checks that the
 * server really answered with that range, starts over (truncating) when it ignored the Range, and keeps a running
 * SHA-256 of exactly the bytes on disk. Failures worth retrying are AppErrors with `details.retryable = true`.
 *
 * Why not node-llama-cpp's `createModelDownloader`: it downloads through ipull (parallel connections, its own temp
 * files), can't take our injected fetch, never checks the SHA-256, and we need to name the `.part` ourselves, resume
 * from it after a restart, cope with servers that ignore Range and keep the token off the CDN host.
 */
import { createHash, type Hash } from "node:crypto";
import { open, truncate } from "node:fs/promises";
import { AppError, isAppError, type UnavailableReason } from "../../../common/contract/errors.ts";
import { formatBytes } from "./bytes.ts";
import { connectionError } from "./connection-errors.ts";
import { fileSize, hashFile, isErrnoException } from "./fs-utils.ts";
import {
  createWatchdog,
  formatDuration,
  httpError,
  networkErrorCode,
  requestFollowingRedirects,
  TimeoutReason,
  type FetchFunction,
  type HfAccess,
} from "./hf-http.ts";
import { upstreamChangedDuringTransfer } from "./remote-identity.ts";

export interface HashState {
  hash: Hash;
  /** How many bytes of the part file the hash has seen. */
  bytes: number;
}

export interface TransferInput {
  fetch: FetchFunction;
  access: HfAccess;
  url: string;
  repo: string;
  file: string;
  partPath: string;
  expectedSize: number;
  expectedSha256: string;
  /** Whether the expected file is the catalog's pin (for the message when the endpoint contradicts it). */
  pinned: boolean;
  connectTimeoutMs: number;
  idleTimeoutMs: number;
  /** Slower than this on average over `stallWindowMs` counts as stalled, like no data for `idleTimeoutMs`. */
  stallFloorBytesPerSecond: number;
  stallWindowMs: number;
  /** Aborted by pause, cancel or shutdown. */
  signal: AbortSignal;
  onBytes(receivedBytes: number): void;
}

/** The running hash survives between attempts (and pauses) so the part is only re-read after a restart. */
export interface HashHolder {
  state: HashState | undefined;
}

const syncEveryBytes = 32 * 1024 * 1024;

function retryable(message: string, reason: UnavailableReason): AppError {
  return new AppError("UNAVAILABLE", message, { retryable: true, reason });
}

async function startOver(input: TransferInput, holder: HashHolder): Promise<void> {
  await truncate(input.partPath, 0).catch((error: unknown) => {
    if (!isErrnoException(error, "ENOENT")) throw error;
  });
  holder.state = { hash: createHash("sha256"), bytes: 0 };
}

/** Brings the part file and the running hash into agreement; returns the part's size. */
async function preparePart(input: TransferInput, holder: HashHolder): Promise<number> {
  const partSize = (await fileSize(input.partPath)) ?? 0;
  if (partSize > input.expectedSize) {
    await startOver(input, holder);
    return 0;
  }
  if (holder.state?.bytes !== partSize)
    holder.state = partSize === 0 ? { hash: createHash("sha256"), bytes: 0 } : await hashFile(input.partPath, { signal: input.signal });
  return partSize;
}

function parseContentRange(value: string | null): { start: number; total: number | null } | null {
  const match = value?.match(/^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i);
  if (!match) return null;
  return { start: Number(match[1]), total: match[3] === "*" ? null : Number(match[3]) };
}

/** Runs one request; resolves when the part holds `expectedSize` bytes, throws otherwise. */
export async function transferOnce(input: TransferInput, holder: HashHolder): Promise<HashState> {
  const partSize = await preparePart(input, holder);
  if (partSize === input.expectedSize && holder.state) return holder.state;
  const watchdog = createWatchdog(input.signal);
  watchdog.arm("connect", input.connectTimeoutMs);
  let connected = false;
  let lastUrl = input.url;
  try {
    const { response, linked } = await requestFollowingRedirects(input.url, {
      onHop: (url) => (lastUrl = url),
      fetch: input.fetch,
      method: "GET",
      access: input.access,
      signal: watchdog.signal,
      headers: partSize > 0 ? { range: `bytes=${partSize}-` } : {},
    });
    connected = true;
    const cancelBody = () => response.body?.cancel().catch(() => undefined);
    // The endpoint now announces another file (only its own headers count, never a redirect target's): refuse.
    if ((linked.sha256 !== null && linked.sha256 !== input.expectedSha256) || (linked.sizeBytes !== null && linked.sizeBytes !== input.expectedSize)) {
      await cancelBody();
      const expected = { sha256: input.expectedSha256, sizeBytes: input.expectedSize, pinned: input.pinned };
      throw upstreamChangedDuringTransfer(input.file, expected, { who: `${new URL(input.access.endpoint).host} now`, ...linked });
    }
    if (response.status === 416 || response.status >= 400) {
      if (response.status === 416) {
        await cancelBody();
        await startOver(input, holder);
        throw retryable("The server refused to resume; starting over.", "range-not-satisfiable");
      }
      throw await httpError(response, { repo: input.repo, file: input.file, access: input.access });
    }
    let start = 0;
    if (response.status === 206) {
      const range = parseContentRange(response.headers.get("content-range"));
      if (!range || range.start !== partSize || (range.total !== null && range.total !== input.expectedSize)) {
        await cancelBody();
        await startOver(input, holder);
        throw retryable("The server sent a different part of the file than asked for; starting over.", "bad-content-range");
      }
      start = partSize;
    } else if (response.status === 200) {
      // The server ignored Range and sends the whole file: never append it to what we have.
      if (partSize > 0) await startOver(input, holder);
    } else {
      await cancelBody();
      throw retryable(`Unexpected answer ${response.status} from the server.`, "unexpected-status");
    }
    if (!response.body) throw retryable("The server sent no data.", "empty-body");
    return await writeBody(input, holder, response.body, start, watchdog);
  } catch (error) {
    throw classify(error, input, watchdog.signal.reason, connected, lastUrl);
  } finally {
    watchdog.dispose();
  }
}

async function writeBody(
  input: TransferInput,
  holder: HashHolder,
  body: ReadableStream<Uint8Array>,
  start: number,
  watchdog: ReturnType<typeof createWatchdog>,
): Promise<HashState> {
  const state = holder.state ?? { hash: createHash("sha256"), bytes: 0 };
  holder.state = state;
  const handle = await open(input.partPath, "a");
  let written = start;
  let sinceSync = 0;
  const floor = watchRateFloor(input, () => written, () => watchdog.trip("slow"));
  try {
    watchdog.arm("idle", input.idleTimeoutMs);
    const reader = body.getReader();
    try {
      for (let next = await reader.read(); !next.done; next = await reader.read()) {
        const chunk = next.value;
        if (written + chunk.length > input.expectedSize) {
          await startOver(input, holder);
          throw retryable("The server sent more data than the file holds; starting over.", "too-long");
        }
        for (let offset = 0; offset < chunk.length; ) offset += (await handle.write(chunk, offset, chunk.length - offset)).bytesWritten;
        state.hash.update(chunk);
        written += chunk.length;
        state.bytes = written;
        input.onBytes(written);
        watchdog.arm("idle", input.idleTimeoutMs);
        sinceSync += chunk.length;
        if (sinceSync >= syncEveryBytes) {
          await handle.sync();
          sinceSync = 0;
        }
      }
    } finally {
      await reader.cancel().catch(() => undefined);
    }
  } finally {
    floor.stop();
    await handle.sync().catch(() => undefined);
    await handle.close();
  }
  if (written !== input.expectedSize) throw retryable("The connection closed before the end of the file.", "short-body");
  return state;
}

/**
 * Trips when fewer than `floor × window` bytes arrived in the last window: a server trickling a few bytes now and
 * then never trips the idle timer, yet would keep a download "downloading" for hours.
 */
function watchRateFloor(input: TransferInput, written: () => number, trip: () => void) {
  const samples: { at: number; bytes: number }[] = [{ at: Date.now(), bytes: written() }];
  const timer = setInterval(
    () => {
      const now = Date.now();
      samples.push({ at: now, bytes: written() });
      while (samples.length > 2 && samples[1]!.at <= now - input.stallWindowMs) samples.shift();
      const oldest = samples[0]!;
      const elapsed = now - oldest.at;
      if (elapsed >= input.stallWindowMs && written() - oldest.bytes < (input.stallFloorBytesPerSecond * elapsed) / 1000) trip();
    },
    Math.max(10, Math.min(1000, input.stallWindowMs / 10)),
  );
  timer.unref?.();
  return { stop: () => clearInterval(timer) };
}

/** Stalled: the details say by which rule, so the Library can state the bound. */
export function stalledError(input: Pick<TransferInput, "idleTimeoutMs" | "stallFloorBytesPerSecond" | "stallWindowMs">, kind: "idle" | "slow"): AppError {
  const message =
    kind === "idle"
      ? `The download stalled: no data for ${formatDuration(input.idleTimeoutMs)}.`
      : `The download stalled: less than ${formatBytes(input.stallFloorBytesPerSecond)}/s for ${formatDuration(input.stallWindowMs)}.`;
  return new AppError("UNAVAILABLE", message, {
    retryable: true,
    reason: "stalled",
    stall: kind,
    idleSeconds: input.idleTimeoutMs / 1000,
    floorBytesPerSecond: input.stallFloorBytesPerSecond,
    windowSeconds: input.stallWindowMs / 1000,
  });
}

function classify(error: unknown, input: TransferInput, watchdogReason: unknown, connected: boolean, url: string): unknown {
  if (input.signal.aborted || isAppError(error)) return error;
  if (isErrnoException(error, "ENOSPC")) return new AppError("UNAVAILABLE", "The disk is full: free some space and resume the download.", { reason: "disk-full" });
  if (watchdogReason instanceof TimeoutReason) {
    return watchdogReason.kind === "connect" ? withRetry(connectionError(url, "timeout", input.connectTimeoutMs)) : stalledError(input, watchdogReason.kind);
  }
  const code = networkErrorCode(error);
  if (code === null) return error;
  if (!connected) return withRetry(connectionError(url, code));
  const host = new URL(url).host;
  return new AppError("UNAVAILABLE", `The connection to ${host} was lost during the transfer (${code}).`, { retryable: true, reason: "connection-lost", code, host });
}

function withRetry(error: AppError<"UNAVAILABLE">): AppError {
  return new AppError(error.code, error.message, { ...error.details, retryable: true });
}
