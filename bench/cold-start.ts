/** Cold start, the bench process's side: prepares the user-data folder and times fresh host processes. */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defaultSettings } from "../electron/node/services/settings/setting-fields.ts";
import { forkBenchChild } from "./child.ts";
import type { ColdStartReport } from "./cold-start-host.ts";
import type { LoadSettings } from "./settings.ts";

const hostEntry = fileURLToPath(new URL("./cold-start-host.ts", import.meta.url));

export interface ColdStart extends ColdStartReport {
  /** fork() → the engine status "ready", ms. */
  coldStartMs: number;
}

/** The settings.json a user who chose this model (and these load settings) has. */
async function writeColdStartSettings(userDataDir: string, modelPath: string, load: LoadSettings): Promise<void> {
  const settings = defaultSettings(load.threads);
  settings.model = { ...settings.model, threads: load.threads, contextSize: load.contextSize, batchSize: load.batchSize, activeModelPath: modelPath };
  await writeFile(path.join(userDataDir, "settings.json"), `${JSON.stringify(settings, null, 2)}\n`);
}

export async function measureColdStarts(
  count: number,
  modelPath: string,
  engine: { path: string; execArgv: string[] },
  load: LoadSettings,
  log: (line: string) => void,
  echo = false,
): Promise<ColdStart[]> {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), "edge-gemma-bench-cold-"));
  const runs: ColdStart[] = [];
  try {
    await writeColdStartSettings(userDataDir, modelPath, load);
    for (let index = 0; index < count; index++) {
      const startedAt = performance.now();
      const child = forkBenchChild(hostEntry, [userDataDir, engine.path, JSON.stringify(engine.execArgv)], echo);
      try {
        const report = await child.nextReport<ColdStartReport>();
        runs.push({ ...report, coldStartMs: performance.now() - startedAt });
      } finally {
        // Let it dispose its engine, then make sure it is gone before the next start.
        await new Promise((resolve) => setTimeout(resolve, 500));
        child.kill();
      }
      log(`  cold start ${index + 1}: ${(runs.at(-1)?.coldStartMs ?? 0).toFixed(0)} ms (engine load ${(runs.at(-1)?.engineLoadMs ?? 0).toFixed(0)} ms)`);
    }
  } finally {
    await rm(userDataDir, { recursive: true, force: true });
  }
  return runs;
}
