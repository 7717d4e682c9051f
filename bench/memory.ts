/** Resident memory of a process from /proc (Linux): the kernel's own peak (VmHWM) and the split by kind. */
import { readdir, readFile } from "node:fs/promises";
import { bytesPerMiB } from "./stats.ts";

export interface ProcessMemory {
  /** Peak resident set since the process started (kB → MiB). */
  peakRssMb: number;
  rssMb: number;
  /** Resident anonymous memory: heaps, the KV cache, compute buffers, repacked weights. */
  anonMb: number;
  /** Resident file-backed memory (mapped files: the program's libraries; the model file only when it is mmap-ed). */
  fileMb: number;
}

const kbToMb = 1024 / bytesPerMiB;

/** Parses the memory lines of /proc/<pid>/status. */
export function parseProcStatus(text: string): ProcessMemory {
  const field = (name: string): number => {
    const match = new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, "m").exec(text);
    return match ? Number(match[1]) * kbToMb : Number.NaN;
  };
  return { peakRssMb: field("VmHWM"), rssMb: field("VmRSS"), anonMb: field("RssAnon"), fileMb: field("RssFile") };
}

export async function processMemory(pid: number | "self"): Promise<ProcessMemory | undefined> {
  try {
    return parseProcStatus(await readFile(`/proc/${pid}/status`, "utf8"));
  } catch {
    return undefined;
  }
}

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks (100 on every mainstream kernel). */
const clockTicksPerSecond = 100;

/** CPU time (user + system) a process has used so far, ms, from /proc/<pid>/stat; NaN when unreadable. */
export function parseProcStatCpuMs(text: string): number {
  // The command name (field 2) may hold spaces and parentheses: count fields from the last ")".
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  const user = Number(fields[11]);
  const system = Number(fields[12]);
  return ((user + system) * 1000) / clockTicksPerSecond;
}

export async function processCpuMs(pid: number): Promise<number> {
  try {
    return parseProcStatCpuMs(await readFile(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return Number.NaN;
  }
}

/**
 * Waits until a process stops using the CPU (under 10 % over a quarter second), e.g. the engine preparing the next
 * turn after an answer. Returns how long that took and the CPU time it used meanwhile.
 */
export async function processSettled(pid: number, timeoutMs = 120_000): Promise<{ ms: number; cpuMs: number }> {
  const startedAt = performance.now();
  const cpuAtStart = await processCpuMs(pid);
  let cpu = cpuAtStart;
  while (performance.now() - startedAt < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = await processCpuMs(pid);
    if (!(now - cpu >= 25)) return { ms: performance.now() - startedAt, cpuMs: now - cpuAtStart };
    cpu = now;
  }
  throw new Error(`process ${pid} was still busy after ${timeoutMs} ms`);
}

/** This process's CPU time so far (user + system), ms. */
export function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** Samples this process's RSS (`process.memoryUsage.rss()`) every `everyMs` and keeps the peak. */
export function sampleOwnRss(everyMs = 50): { peakMb(): number; samples(): number; stop(): void } {
  let peak = process.memoryUsage.rss();
  let samples = 1;
  const timer = setInterval(() => {
    const rss = process.memoryUsage.rss();
    samples++;
    if (rss > peak) peak = rss;
  }, everyMs);
  timer.unref();
  return { peakMb: () => peak / bytesPerMiB, samples: () => samples, stop: () => clearInterval(timer) };
}

/** Where the engine's peak RSS goes, MiB: llama.cpp's own buffers (as it logged them) and the rest of the process. */
export interface EngineMemoryAccount {
  /** Weights as loaded: `CPU model` (kept as in the file) + `CPU_REPACK model` (rearranged for the CPU's kernels). */
  weightsMb: number;
  /** Of those, the part repacked. */
  repackedWeightsMb: number;
  /** Weights loaded beyond the file's size (a tensor held twice, e.g. a tied embedding both plain and repacked). */
  weightsBeyondFileMb: number;
  kvCacheMb: number;
  /** The compute graph's buffer (scales with batch size × vocabulary). */
  computeMb: number;
  /** The logits / embeddings output buffer. */
  outputMb: number;
  /** Everything else in the engine process: Node, V8, the addon, allocator slack, code. */
  runtimeMb: number;
}

export function engineMemoryAccount(buffers: Record<string, number>, engineRssMb: number, modelFileMb: number): EngineMemoryAccount {
  const sum = (match: (name: string) => boolean) =>
    Object.entries(buffers)
      .filter(([name]) => match(name))
      .reduce((total, [, size]) => total + size, 0);
  const weightsMb = sum((name) => name.endsWith(" model"));
  const kvCacheMb = sum((name) => name.endsWith(" KV"));
  const computeMb = sum((name) => name.endsWith(" compute"));
  const outputMb = sum((name) => name.endsWith(" output"));
  return {
    weightsMb,
    repackedWeightsMb: sum((name) => name.includes("REPACK")),
    weightsBeyondFileMb: weightsMb - modelFileMb,
    kvCacheMb,
    computeMb,
    outputMb,
    runtimeMb: engineRssMb - weightsMb - kvCacheMb - computeMb - outputMb,
  };
}

/** The parent pid in /proc/<pid>/stat's text (field 4, counted after the command name's last ")"). */
export function parseProcStatParent(text: string): number {
  return Number(text.slice(text.lastIndexOf(")") + 2).split(" ")[1]);
}

/** Every process below `rootPid` (children, their children, …) whose command line contains `marker`. */
export async function descendantPids(rootPid: number, marker: string): Promise<number[]> {
  const names = await readdir("/proc").catch(() => [] as string[]);
  const parents = new Map<number, number>();
  await Promise.all(
    names
      .filter((name) => /^\d+$/.test(name))
      .map(async (name) => {
        const stat = await readFile(`/proc/${name}/stat`, "utf8").catch(() => undefined);
        if (stat) parents.set(Number(name), parseProcStatParent(stat));
      }),
  );
  const isBelowRoot = (pid: number): boolean => {
    for (let parent = parents.get(pid), hops = 0; parent !== undefined && hops < 64; parent = parents.get(parent), hops++) {
      if (parent === rootPid) return true;
    }
    return false;
  };
  const matches: number[] = [];
  for (const pid of parents.keys()) {
    if (!isBelowRoot(pid)) continue;
    // Chromium rewrites its process title, joining the arguments with spaces: split on both.
    const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    if (cmdline.split(/[\0 ]/).includes(marker)) matches.push(pid);
  }
  return matches;
}

/**
 * Chromium's renderer processes below this process (the pages the bench opens on the browser host), sampled every
 * `everyMs` until stopped: each one's last-read VmHWM (its own peak since it started), largest first.
 */
export function sampleRendererProcesses(everyMs = 250): { stop(): Promise<{ pid: number; peakRssMb: number }[]> } {
  const peaks = new Map<number, number>();
  let sampling: Promise<void> = Promise.resolve();
  const sample = async () => {
    for (const pid of await descendantPids(process.pid, "--type=renderer")) {
      const memory = await processMemory(pid);
      if (memory && Number.isFinite(memory.peakRssMb)) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, memory.peakRssMb));
    }
  };
  const timer = setInterval(() => (sampling = sampling.then(sample)), everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await sampling;
      return [...peaks].map(([pid, peakRssMb]) => ({ pid, peakRssMb })).sort((a, b) => b.peakRssMb - a.peakRssMb);
    },
  };
}

/**
 * The whole app on the published layout (issue #18 item 4): the engine's peak + the main side's peak + one Chromium
 * renderer process's peak (the browser host's, standing in for Electron's renderer), against model + KV cache.
 */
export interface AppMemoryAccount {
  engineMb: number;
  mainMb: number;
  rendererMb: number;
  totalMb: number;
  modelFileMb: number;
  kvCacheMb: number;
  /** total − model file − KV cache: the target is ≤ 900 MiB. */
  beyondModelAndKvMb: number;
}

export function appMemoryAccount(parts: { engineMb: number; mainMb: number; rendererMb: number; modelFileMb: number; kvCacheMb: number }): AppMemoryAccount {
  const totalMb = parts.engineMb + parts.mainMb + parts.rendererMb;
  return { ...parts, totalMb, beyondModelAndKvMb: totalMb - parts.modelFileMb - parts.kvCacheMb };
}
