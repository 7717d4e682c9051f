/**
 * What of the app runs while the Library is listed, for the fit rule (fit.ts, `appBudget`): the main process, the
 * renderer on the desktop (not headless: there the page is shown by a browser on another machine), and the engine
 * process's resident memory, read from /proc/<pid>/status of the engine the supervisor runs (our own child: a file the
 * kernel writes, read with a bounded, anchored pattern; nothing from the engine's messages is used).
 *
 * Which of the engine's pages count: those outside MemAvailable. The kernel's estimate (si_mem_available, mm/page_alloc.c,
 * later mm/show_mem.c; Documentation/filesystems/proc.rst, "MemAvailable") adds the file LRU lists — page cache,
 * mapped file pages included — less min(half of them, the low watermarks), so a model loaded with mmap
 * (inference/load-mode.ts) has its mapped file pages in MemAvailable already. Anonymous and shmem pages are on the
 * anon (swap-backed) lists and are not. So the engine counts as RssAnon + RssShmem (proc(5), /proc/<pid>/status, since
 * Linux 4.5); on an older kernel without those lines, VmRSS.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { appOverheadParts, type ResidentApp } from "./fit.ts";

export interface ResidentMemoryOptions {
  /** Whether a renderer process showing the app runs on this machine (the Electron window); false for --headless and `npm run serve`. */
  localRenderer: boolean;
  /** The engine process's pid while one runs (EngineSupervisor.pid), else undefined. */
  enginePid: () => number | undefined;
  /** "/" on the device; a fake tree in tests. */
  root?: string;
}

/** The app's processes that run now: the parts of `appOverheadParts` that are up, and the engine's resident memory. */
export function createResidentMemory(options: ResidentMemoryOptions): () => Promise<ResidentApp> {
  const root = options.root ?? "/";
  const appProcessBytes = appOverheadParts.mainProcessBytes + (options.localRenderer ? appOverheadParts.rendererProcessBytes : 0);
  return async () => {
    const pid = options.enginePid();
    const status = Number.isSafeInteger(pid) && (pid ?? 0) > 0 ? await readFile(path.join(root, "proc", String(pid), "status"), "utf8").catch(() => null) : null;
    return { appProcessBytes, engineBytes: status === null ? null : engineResidentBytes(status) };
  };
}

const statusKilobytes = (status: string, name: string): number | null => {
  const match = status.match(new RegExp(`^${name}:[ \\t]+(\\d{1,12})[ \\t]+kB$`, "m"));
  return match?.[1] ? Number(match[1]) * 1024 : null;
};

/** The engine's memory outside MemAvailable from its /proc/<pid>/status text (see the header); null when unreadable. */
export function engineResidentBytes(status: string): number | null {
  const anon = statusKilobytes(status, "RssAnon");
  if (anon !== null) return anon + (statusKilobytes(status, "RssShmem") ?? 0);
  return statusKilobytes(status, "VmRSS");
}
