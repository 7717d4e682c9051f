import { readFileSync } from "node:fs";

/**
 * Bytes this process has had fetched from storage so far: `read_bytes` of /proc/self/io ("the number of bytes really
 * fetched from the storage layer", Linux man-pages proc_pid_io(5)). A page the cache already holds costs nothing, so
 * it counts what a cold load reads from the SD card, and with mmap it moves while llama.cpp faults the file in before
 * its own progress starts. Undefined where the file is missing (not Linux, or no task I/O accounting).
 */
export function storageReadBytes(): number | undefined {
  try {
    const line = /^read_bytes:\s*(\d+)$/m.exec(readFileSync("/proc/self/io", "utf8"));
    return line?.[1] === undefined ? undefined : Number(line[1]);
  } catch {
    return undefined;
  }
}
