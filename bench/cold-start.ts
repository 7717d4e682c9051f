/**
 * Cold start, the bench process's side: prepares the user-data folder, makes the model cold (page-cache.ts), and times
 * fresh host processes loading it by read and by mmap, interleaved, each cold run followed by a warm one.
 */
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { LoadMode } from "../electron/common/contract/index.ts";
import { defaultSettings } from "../electron/node/services/settings/setting-fields.ts";
import { forkBenchChild } from "./child.ts";
import type { ColdStartReport } from "./cold-start-host.ts";
import { evictPageCache, residentBytes, type Eviction } from "./page-cache.ts";
import type { LoadSettings } from "./settings.ts";
import type { StorageThrottle } from "./storage-throttle.ts";

const hostEntry = fileURLToPath(new URL("./cold-start-host.ts", import.meta.url));

export interface ColdStart extends ColdStartReport {
  mode: LoadMode;
  cache: "cold" | "warm";
  /** fork() → the engine status "ready". */
  coldStartMs: number;
  /** How the cache was emptied (cold runs), and how much of the model was still resident right before the start. */
  eviction: Eviction | null;
  residentBeforeMb: number | null;
}

export interface ColdStartPlan {
  rounds: number;
  modelPath: string;
  engine: { path: string; execArgv: string[] };
  load: LoadSettings;
  throttle: StorageThrottle | null;
  log: (line: string) => void;
  echo: boolean;
}

/** The settings.json a user who chose this model has. */
async function writeColdStartSettings(userDataDir: string, modelPath: string, load: LoadSettings): Promise<void> {
  const settings = defaultSettings(load.threads);
  settings.model = { ...settings.model, threads: load.threads, contextSize: load.contextSize, batchSize: load.batchSize, activeModelPath: modelPath };
  await writeFile(path.join(userDataDir, "settings.json"), `${JSON.stringify(settings, null, 2)}\n`);
}

async function startOnce(plan: ColdStartPlan, userDataDir: string, mode: LoadMode): Promise<ColdStartReport & { coldStartMs: number }> {
  const loadOptions = { threads: plan.load.threads, contextSize: plan.load.contextSize, batchSize: plan.load.batchSize, loadMode: mode };
  const args = [userDataDir, plan.engine.path, JSON.stringify(plan.engine.execArgv), JSON.stringify(loadOptions)];
  if (plan.throttle) args.push(plan.throttle.procsFile);
  const startedAt = performance.now();
  const child = forkBenchChild(hostEntry, args, plan.echo);
  try {
    const report = await child.nextReport<ColdStartReport>();
    return { ...report, coldStartMs: performance.now() - startedAt };
  } finally {
    // Let it dispose its engine, then make sure it is gone before the next start.
    await new Promise((resolve) => setTimeout(resolve, 500));
    child.kill();
  }
}

const mb = (bytes: number | undefined) => (bytes === undefined ? null : Math.round(bytes / 2 ** 20));

/**
 * Empties the cache of the model until at most 1 % of it is left: the previous start's engine may still be exiting
 * with the file mapped, and mapped pages are not dropped.
 */
async function makeCold(file: string): Promise<{ eviction: Eviction; residentBeforeMb: number | null }> {
  const { size } = await stat(file);
  for (let attempt = 1; ; attempt++) {
    const eviction = evictPageCache(file);
    const resident = residentBytes(file);
    if (resident === undefined || resident <= size / 100 || attempt === 30) return { eviction, residentBeforeMb: mb(resident) };
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** Rounds of read and mmap (the order alternates), each a cold start then a warm one with the same mode. */
export async function measureColdStarts(plan: ColdStartPlan): Promise<ColdStart[]> {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), "edge-gemma-bench-cold-"));
  const runs: ColdStart[] = [];
  try {
    await writeColdStartSettings(userDataDir, plan.modelPath, plan.load);
    for (let round = 0; round < plan.rounds; round++) {
      const modes: LoadMode[] = round % 2 === 0 ? ["read", "mmap"] : ["mmap", "read"];
      for (const mode of modes) {
        for (const cache of ["cold", "warm"] as const) {
          const { eviction, residentBeforeMb } = cache === "cold" ? await makeCold(plan.modelPath) : { eviction: null, residentBeforeMb: mb(residentBytes(plan.modelPath)) };
          const run: ColdStart = { ...(await startOnce(plan, userDataDir, mode)), mode, cache, eviction, residentBeforeMb };
          runs.push(run);
          plan.log(
            `  ${cache} ${mode} ${round + 1}: ${run.coldStartMs.toFixed(0)} ms (engine load ${run.engineLoadMs.toFixed(0)} ms, ` +
              `${residentBeforeMb ?? "?"} MiB resident before, peak ${run.engineMemory?.peakMb.toFixed(0) ?? "?"} MiB, ` +
              `${run.progress.statuses} progress statuses, top rate ${((run.progress.topBytesPerSecond ?? 0) / 1e6).toFixed(0)} MB/s, ` +
              `halfway ${run.progress.halfway ? `${run.progress.halfway.shownSecondsLeft.toFixed(0)} s left shown, ${run.progress.halfway.actualSecondsLeft.toFixed(0)} s taken` : "no time left shown"})`,
          );
        }
      }
    }
  } finally {
    await rm(userDataDir, { recursive: true, force: true });
  }
  return runs;
}
