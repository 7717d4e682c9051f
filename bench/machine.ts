/** The machine a report was measured on. */
import { readFileSync } from "node:fs";
import os from "node:os";
import { createRequire } from "node:module";
import { round } from "./stats.ts";

export interface Machine {
  cpuModel: string;
  cores: number;
  availableParallelism: number;
  totalMemoryGb: number | null;
  os: string;
  node: string;
  nodeLlamaCpp: string;
  /** 1-, 5- and 15-minute load averages when the bench started and when it finished. */
  loadBefore: number[];
  loadAfter: number[] | null;
}

function nodeLlamaCppVersion(): string {
  try {
    const require = createRequire(import.meta.url);
    const manifest = require("node-llama-cpp/package.json") as { version?: string };
    return manifest.version ?? "unknown";
  } catch {
    try {
      const text = readFileSync(new URL("../node_modules/node-llama-cpp/package.json", import.meta.url), "utf8");
      return (JSON.parse(text) as { version?: string }).version ?? "unknown";
    } catch {
      return "unknown";
    }
  }
}

export function loadAverage(): number[] {
  return os.loadavg().map((value) => round(value, 2) ?? 0);
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    availableParallelism: os.availableParallelism(),
    totalMemoryGb: round(os.totalmem() / 2 ** 30, 1),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    nodeLlamaCpp: nodeLlamaCppVersion(),
    loadBefore: loadAverage(),
    loadAfter: null,
  };
}
