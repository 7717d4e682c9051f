/** Resident memory of a process from /proc (Linux): the kernel's own peak (VmHWM) and the split by kind. */
import { readFile } from "node:fs/promises";
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
