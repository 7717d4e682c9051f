import { readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";

/** What kind of storage a file lives on, as far as Linux's sysfs tells. */
export type StorageKind = "sd-card" | "emmc" | "nvme" | "ssd" | "rotational" | "unknown";

/** Linux's dev_t split (glibc's gnu_dev_major / gnu_dev_minor). */
function majorMinor(dev: number): string {
  const major = ((dev >> 8) & 0xfff) | (Math.floor(dev / 2 ** 32) & ~0xfff);
  const minor = (dev & 0xff) | ((dev >> 12) & ~0xff);
  return `${major}:${minor}`;
}

const readText = (file: string) => readFile(file, "utf8").then((text) => text.trim(), () => undefined);

/** The sysfs directory of the whole disk a file is on (its `dev` file holds the disk's major:minor). */
export async function diskDirectoryOf(file: string): Promise<string> {
  const device = await realpath(`/sys/dev/block/${majorMinor((await stat(file)).dev)}`);
  return (await readText(path.join(device, "partition"))) === undefined ? device : path.dirname(device);
}

/**
 * The disk under a file: /sys/dev/block/<major>:<minor> is the partition or disk (the kernel's
 * Documentation/ABI/stable/sysfs-dev); a partition's parent directory is its disk. An mmcblk disk's `device/type`
 * is "SD" or "MMC" (eMMC) (`type_show` in drivers/mmc/core/bus.c); `queue/rotational` is 1 for spinning disks
 * (Documentation/block/queue-sysfs.rst). Files on tmpfs, overlays or network file systems have no such disk: unknown.
 */
export async function storageKindOf(file: string): Promise<StorageKind> {
  try {
    const disk = await diskDirectoryOf(file);
    const name = path.basename(disk);
    if (name.startsWith("mmcblk")) {
      const type = await readText(path.join(disk, "device", "type"));
      return type === "SD" ? "sd-card" : type === "MMC" ? "emmc" : "unknown";
    }
    if (name.startsWith("nvme")) return "nvme";
    const rotational = await readText(path.join(disk, "queue", "rotational"));
    return rotational === "1" ? "rotational" : rotational === "0" ? "ssd" : "unknown";
  } catch {
    return "unknown";
  }
}
