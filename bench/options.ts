/** The bench's command line, and which engine entry it forks. */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { PipelineTransport } from "./pipeline-host.ts";

export const repoRoot = fileURLToPath(new URL("..", import.meta.url));

export function parseOptions(log: (line: string) => void) {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      smoke: { type: "boolean", default: false },
      pairs: { type: "string" },
      threads: { type: "string", default: "auto" },
      batch: { type: "string" },
      context: { type: "string" },
      engine: { type: "string", default: "source" },
      transport: { type: "string", default: "memory" },
      "skip-renderer": { type: "boolean", default: false },
      "renderer-only": { type: "boolean", default: false },
      "renderer-dir": { type: "string" },
      "renderer-profile": { type: "string" },
      out: { type: "string", default: path.join(repoRoot, "bench", "results", "latest.json") },
      verbose: { type: "boolean", default: false },
      control: { type: "boolean", default: false },
      "skip-ceiling": { type: "boolean", default: false },
      only: { type: "string" },
      "cold-rounds": { type: "string" },
      "storage-mbps": { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    log(`Usage: npm run bench -- [--quick | --smoke] [--pairs N] [--threads auto|N] [--batch N] [--context N] [--engine source|built] [--transport memory|websocket]
         [--control] [--skip-ceiling] [--skip-renderer | --renderer-only] [--only cold-start [--cold-rounds N] [--storage-mbps N] | --only api | --only memory] [--renderer-dir DIR] [--renderer-profile FILE.cpuprofile] [--out FILE] [--verbose]`);
    process.exit(0);
  }
  if (values.engine !== "source" && values.engine !== "built") throw new Error("--engine must be source or built");
  if (values.transport !== "memory" && values.transport !== "websocket") throw new Error("--transport must be memory or websocket");
  if (values.only !== undefined && values.only !== "cold-start" && values.only !== "api" && values.only !== "memory") throw new Error("--only must be cold-start, api or memory");
  for (const name of ["cold-rounds", "storage-mbps"] as const) {
    const value = values[name];
    if (value !== undefined && !(Number(value) > 0)) throw new Error(`--${name} must be a positive number, not "${value}"`);
  }
  return { ...values, engine: values.engine as "source" | "built", transport: values.transport as PipelineTransport };
}

export type BenchOptions = ReturnType<typeof parseOptions>;

export interface EngineEntry {
  kind: string;
  path: string;
  execArgv: string[];
}

/** Source via tsx (default: always the code in the tree, as the browser host and the tests run it) or the tsc build. */
export function engineEntry(kind: "source" | "built"): EngineEntry {
  if (kind === "built") {
    const built = path.join(repoRoot, "dist-electron", "electron", "engine", "entry.js");
    if (!existsSync(built)) throw new Error(`--engine built: ${built} does not exist (npm run build:electron)`);
    return { kind: "built (dist-electron, plain node)", path: built, execArgv: [] };
  }
  return { kind: "source (electron/engine/entry.ts via --import tsx)", path: path.join(repoRoot, "electron", "engine", "entry.ts"), execArgv: ["--import", "tsx"] };
}
