/** The CDN side of the fake Hugging Face server: Range (206), and cut / stalled / throttled / corrupted bodies. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { HfFaults, HfStats } from "./faults.ts";

const defaultChunkBytes = 64 * 1024;

function parseRange(header: string | undefined, size: number): { start: number; end: number } | "unsatisfiable" | null {
  const match = header?.match(/^bytes=(\d+)-(\d*)$/);
  if (!match) return null;
  const start = Number(match[1]);
  const end = match[2] ? Math.min(Number(match[2]), size - 1) : size - 1;
  return start >= size || end < start ? "unsatisfiable" : { start, end };
}

function write(response: ServerResponse, chunk: Buffer): Promise<void> {
  return new Promise((resolve) => response.write(chunk, () => resolve()));
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function serveCdnFile(
  request: IncomingMessage,
  response: ServerResponse,
  data: Buffer,
  faults: HfFaults,
  stats: HfStats,
  /** Resolves when the test releases stalled responses. */
  stallGate: Promise<void>,
): Promise<void> {
  const size = data.length;
  const range = faults.ignoreRange ? null : parseRange(request.headers.range, size);
  if (range === "unsatisfiable") {
    response.writeHead(416, { "content-range": `bytes */${size}` }).end();
    return;
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? size - 1;
  response.writeHead(range ? 206 : 200, {
    "content-type": "application/octet-stream",
    "content-length": String(end - start + 1),
    "accept-ranges": "bytes",
    ...(range ? { "content-range": `bytes ${start}-${end}/${size}` } : {}),
  });
  if (request.method === "HEAD") {
    response.end();
    return;
  }

  let body = data.subarray(start, end + 1);
  const corrupt = faults.corrupt;
  if (corrupt && corrupt.times > 0 && corrupt.offset >= start && corrupt.offset <= end) {
    corrupt.times--;
    body = Buffer.from(body);
    body[corrupt.offset - start] = (body[corrupt.offset - start] ?? 0) ^ 0xff;
  }
  const dropAt = faults.dropAtOffsets[0];
  const cutAfter = dropAt !== undefined && dropAt > start && dropAt <= end ? dropAt - start : null;
  if (cutAfter !== null) faults.dropAtOffsets.shift();
  let stallAfter = faults.stallAfterBytes;
  faults.stallAfterBytes = null;
  const chunkBytes = faults.throttle?.chunkBytes ?? defaultChunkBytes;

  for (let sent = 0; sent < body.length; ) {
    if (response.destroyed) return;
    let length = Math.min(chunkBytes, body.length - sent);
    if (cutAfter !== null) length = Math.min(length, cutAfter - sent);
    if (stallAfter !== null) length = Math.min(length, stallAfter - sent);
    if (length > 0) {
      await write(response, body.subarray(sent, sent + length));
      stats.cdnBodyBytes += length;
      sent += length;
    }
    if (cutAfter !== null && sent >= cutAfter) {
      response.socket?.destroy();
      return;
    }
    if (stallAfter !== null && sent >= stallAfter) {
      await stallGate; // the connection stays open, silent, until released
      stallAfter = null;
    }
    if (faults.throttle) await delay(faults.throttle.intervalMs);
  }
  response.end();
}
