import { constants } from "node:fs";
import { open } from "node:fs/promises";
import type { ByteSource } from "./byte-reader.ts";

export interface ClosableByteSource extends ByteSource {
  close(): Promise<void>;
}

/** Only a regular file is read: O_NONBLOCK keeps a FIFO or device from blocking the open. */
export async function openFileSource(path: string): Promise<ClosableByteSource> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw Object.assign(new Error(`${path} is not a regular file`), { code: "ENOTFILE" });
    const { size } = stats;
    return {
      size,
      async read(offset, length) {
        const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
        return buffer.subarray(0, bytesRead);
      },
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Thrown for a remote file that can't be read in ranges (the library then keeps its offline figures). */
export class RemoteReadError extends Error {
  override name = "RemoteReadError";
}

function totalFromContentRange(value: string | null): number | undefined {
  const match = /\/(\d+)\s*$/.exec(value ?? "");
  return match ? Number(match[1]) : undefined;
}

/**
 * A remote file read with HTTP `Range` requests (Hugging Face's CDN answers 206 with `Content-Range: bytes a-b/total`),
 * so only the header is fetched. A server that ignores the range is not read further than what was asked.
 */
export async function openHttpSource(url: string, headers: Record<string, string>, signal?: AbortSignal): Promise<ClosableByteSource> {
  async function fetchRange(offset: number, length: number): Promise<{ bytes: Uint8Array; total: number | undefined }> {
    const response = await fetch(url, { headers: { ...headers, range: `bytes=${offset}-${offset + length - 1}` }, redirect: "follow", ...(signal ? { signal } : {}) });
    if (response.status !== 206) {
      await response.body?.cancel();
      throw new RemoteReadError(`HTTP ${response.status} for a range of ${url}`);
    }
    const reader = response.body?.getReader();
    const parts: Uint8Array[] = [];
    let received = 0;
    while (reader && received < length) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      received += value.length;
    }
    await reader?.cancel();
    return { bytes: Buffer.concat(parts).subarray(0, length), total: totalFromContentRange(response.headers.get("content-range")) };
  }
  const first = await fetchRange(0, 1 << 20);
  if (first.total === undefined) throw new RemoteReadError(`No Content-Range total for ${url}`);
  const size = first.total;
  return {
    size,
    async read(offset, length) {
      if (offset === 0 && length <= first.bytes.length) return first.bytes.subarray(0, length);
      return (await fetchRange(offset, Math.min(length, size - offset))).bytes;
    },
    close: async () => undefined,
  };
}
