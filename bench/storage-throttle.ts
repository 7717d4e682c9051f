/**
 * An SD card's read speed on this machine's disk: a cgroup-v1 blkio group whose `blkio.throttle.read_bps_device`
 * caps the bytes per second its processes read from the model's disk (the kernel's
 * Documentation/admin-guide/cgroup-v1/blkio-controller.rst; checked here: dd read a 374 MB file cold at 49.3 MB/s in
 * a group capped at 50 MB/s, 966 MB/s outside it). A cold start joins it
 * first thing, so the engine it forks (and the page faults of an mmap) read at that speed. Needs root and the v1
 * blkio hierarchy mounted at /sys/fs/cgroup/blkio; elsewhere `openStorageThrottle` says why it cannot.
 */
import { existsSync, mkdirSync, rmdirSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { diskDirectoryOf } from "../electron/node/services/inference/device-storage.ts";

const blkioRoot = "/sys/fs/cgroup/blkio";

export interface StorageThrottle {
  /** cgroup.procs of the group: a process writes its pid here to join. */
  procsFile: string;
  bytesPerSecond: number;
  device: string;
  close(): Promise<void>;
}

export async function openStorageThrottle(modelPath: string, bytesPerSecond: number): Promise<StorageThrottle | string> {
  if (process.getuid?.() !== 0) return "not root";
  if (!existsSync(path.join(blkioRoot, "blkio.throttle.read_bps_device"))) return `no cgroup-v1 blkio hierarchy at ${blkioRoot}`;
  // The throttle applies to whole disks, not partitions.
  const device = (await readFile(path.join(await diskDirectoryOf(modelPath), "dev"), "utf8")).trim();
  const group = path.join(blkioRoot, `edge-gemma-bench-${process.pid}`);
  try {
    mkdirSync(group);
    writeFileSync(path.join(group, "blkio.throttle.read_bps_device"), `${device} ${Math.round(bytesPerSecond)}\n`);
  } catch (error) {
    return `cannot make a blkio group: ${(error as Error).message}`;
  }
  return {
    procsFile: path.join(group, "cgroup.procs"),
    bytesPerSecond,
    device,
    async close() {
      // The last start's engine may still be exiting inside the group; an emptied group can be removed.
      for (let attempt = 0; attempt < 30; attempt++) {
        try {
          rmdirSync(group);
          return;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      }
    },
  };
}
