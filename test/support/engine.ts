import path from "node:path";
import { forkEngine, type SpawnEngine } from "../../electron/node/services/inference/engine-process.ts";

/** The real engine entry, from source, forked under Node the way the browser host and benchmarks run it. */
export const engineEntrySource = path.resolve(import.meta.dirname, "../../electron/engine/entry.ts");

export function spawnTestEngine(): SpawnEngine {
  return forkEngine(engineEntrySource, { execArgv: ["--import", "tsx"] });
}
