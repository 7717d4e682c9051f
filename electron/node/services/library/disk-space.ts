/** The free-disk check made before a download or a copy starts. */
import { AppError } from "../../../common/contract/errors.ts";
import { formatNeedAndFree } from "./bytes.ts";

export const defaultDiskReserveBytes = 64 * 1024 * 1024;

/** Throws UNAVAILABLE ("Needs 1.7 GB, 0.9 GB free", with needBytes/freeBytes in details) when the disk is short. */
export async function ensureDiskSpace(options: {
  freeDiskBytes: (dir: string) => Promise<number>;
  dir: string;
  what: string;
  bytes: number;
  reserveBytes?: number;
}): Promise<void> {
  const freeBytes = await options.freeDiskBytes(options.dir);
  const needBytes = Math.max(0, options.bytes) + (options.reserveBytes ?? defaultDiskReserveBytes);
  if (freeBytes < needBytes)
    throw new AppError("UNAVAILABLE", `Not enough disk space for ${options.what}: ${formatNeedAndFree(needBytes, freeBytes)}.`, {
      reason: "disk-space",
      needBytes,
      freeBytes,
    });
}
