/**
 * One start, in a fresh process, the way `npm run serve` starts: AppBackend on a user-data folder whose settings
 * name the model (so `start()` loads it, as the app does at launch), the browser host listening, the engine forked
 * with the given load mode. The process reports when the engine status becomes "ready"; the bench process times it
 * from `fork()`.
 *
 *   argv: <userDataDir> <engineEntry> <engineExecArgv as JSON> <LoadOptions as JSON> [<cgroup.procs to join>]
 */
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import type { EngineStatus, LoadOptions } from "../electron/common/contract/index.ts";
import { startBrowserHost } from "../electron/node/host/browser-host.ts";
import { AppBackend } from "../electron/node/services/app-backend.ts";
import { forkEngine } from "../electron/node/services/inference/engine-process.ts";

export interface ColdStartReport {
  /** performance.now() of this process at each step (0 ≈ process start: Node's timeOrigin). */
  scriptStartedMs: number;
  listeningMs: number;
  readyMs: number;
  /** What the engine itself measured: loadModel + createContext + session. */
  engineLoadMs: number;
  /** The engine's peak RSS and, at ready, its anonymous and file-backed parts (MiB), from /proc/<pid>/status. */
  engineMemory: { peakMb: number; anonMb: number; fileMb: number } | null;
  /** The "loading" statuses the app saw, and how many carried a rate and a time left. */
  progress: {
    statuses: number;
    withRate: number;
    withTimeLeft: number;
    topBytesPerSecond: number | null;
    monotonic: boolean;
    /** Halfway through the bytes, the time left the status bar showed, and how long it actually took to ready (s). */
    halfway: { shownSecondsLeft: number; actualSecondsLeft: number } | null;
  };
}

function engineMemory(pid: number | undefined): ColdStartReport["engineMemory"] {
  if (pid === undefined) return null;
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s*(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN) / 1024;
  return { peakMb: kb("VmHWM"), anonMb: kb("RssAnon"), fileMb: kb("RssFile") };
}

async function main(): Promise<void> {
  const [userDataDir, engineEntry, execArgvJson, loadOptionsJson, cgroupProcs] = process.argv.slice(2);
  if (!userDataDir || !engineEntry || !execArgvJson || !loadOptionsJson) {
    throw new Error("usage: cold-start-host <userDataDir> <entry> <execArgv> <loadOptions> [<cgroup.procs>]");
  }
  // Before anything else is read: the engine this process forks inherits the group.
  if (cgroupProcs) writeFileSync(cgroupProcs, `${process.pid}\n`);
  const scriptStartedMs = performance.now();
  const backend = new AppBackend({
    userDataDir,
    spawnEngine: forkEngine(engineEntry, { execArgv: JSON.parse(execArgvJson) as string[] }),
    loadOptions: JSON.parse(loadOptionsJson) as LoadOptions,
  });
  const progress: ColdStartReport["progress"] = { statuses: 0, withRate: 0, withTimeLeft: 0, topBytesPerSecond: null, monotonic: true, halfway: null };
  let halfway: { at: number; shownSecondsLeft: number } | undefined;
  let lastBytes = 0;
  const ready = new Promise<EngineStatus & { state: "ready" }>((resolve, reject) => {
    backend.supervisor.onStatus((status) => {
      if (status.state === "loading" && status.meter) {
        progress.statuses++;
        if (status.meter.loadedBytes < lastBytes) progress.monotonic = false;
        lastBytes = status.meter.loadedBytes;
        if (status.meter.bytesPerSecond !== undefined) {
          progress.withRate++;
          progress.topBytesPerSecond = Math.round(Math.max(progress.topBytesPerSecond ?? 0, status.meter.bytesPerSecond));
        }
        if (status.meter.secondsLeft !== undefined) {
          progress.withTimeLeft++;
          if (!halfway && status.meter.loadedBytes >= status.meter.totalBytes / 2) {
            halfway = { at: performance.now(), shownSecondsLeft: status.meter.secondsLeft };
          }
        }
      }
      if (status.state === "ready") resolve(status);
      if (status.state === "error" || status.state === "exited") reject(new Error(`engine ${status.state}: ${JSON.stringify(status)}`));
    });
  });
  await backend.start();
  const host = await startBrowserHost({ backend, rendererDir: os.tmpdir(), port: 0 });
  const listeningMs = performance.now();
  const status = await ready;
  const readyMs = performance.now();
  if (halfway) progress.halfway = { shownSecondsLeft: halfway.shownSecondsLeft, actualSecondsLeft: (readyMs - halfway.at) / 1000 };
  const report: ColdStartReport = {
    scriptStartedMs,
    listeningMs,
    readyMs,
    engineLoadMs: status.model.loadMs,
    engineMemory: engineMemory(backend.supervisor.pid),
    progress,
  };
  process.send?.(report);
  backend.dispose();
  await host.close();
  process.disconnect?.();
}

await main();
