/**
 * Making a model file cold before a start, as after a reboot: the first load then reads it from storage.
 *
 * As root the bench empties the whole page cache (`sync; echo 3 > /proc/sys/vm/drop_caches`: "drop clean caches,
 * dentries and inodes … the user should run sync first", the kernel's Documentation/sysctl/vm.txt, now
 * admin-guide/sysctl/vm.rst), which also makes the app's own files cold, as on a Pi that has just booted. Otherwise
 * it evicts only the model file with GNU dd's `iflag=nocache count=0` ("nocache  Request to drop cache", `dd --help`
 * of coreutils 9.1 here; GNU dd calls fadvise64(fd, 0, 0, POSIX_FADV_DONTNEED) for it, strace in uutils/coreutils
 * issue #12571), which drops only pages nobody holds mapped or dirty. `residentBytes` checks either worked.
 */
import { execFileSync } from "node:child_process";
import { accessSync, constants, writeFileSync } from "node:fs";

export type Eviction = "drop_caches" | "posix_fadvise(DONTNEED) via dd iflag=nocache";

const dropCaches = "/proc/sys/vm/drop_caches";

function canDropCaches(): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    accessSync(dropCaches, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

export function evictPageCache(file: string): Eviction {
  if (canDropCaches()) {
    execFileSync("sync");
    try {
      writeFileSync(dropCaches, "3\n");
      return "drop_caches";
    } catch {
      // A read-only /proc (some containers): fall back to the file alone.
    }
  }
  execFileSync("dd", [`if=${file}`, "iflag=nocache", "count=0", "status=none"]);
  return "posix_fadvise(DONTNEED) via dd iflag=nocache";
}

/** Bytes of the file in the page cache (util-linux `fincore`); undefined where fincore is missing. */
export function residentBytes(file: string): number | undefined {
  try {
    const out = execFileSync("fincore", ["--bytes", "--noheadings", "--output", "RES", file], { encoding: "utf8" });
    const bytes = Number(out.trim());
    return Number.isFinite(bytes) ? bytes : undefined;
  } catch {
    return undefined;
  }
}
