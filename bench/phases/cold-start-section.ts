/**
 * Start-to-ready with a cold page cache, by read and by mmap, as on a Pi whose first load reads the model from its SD
 * card; each cold start is followed by a warm one (the file now cached, as for a reload). `--storage-mbps N` reads at
 * an SD card's speed (storage-throttle.ts); without it, at this machine's disk's.
 */
import type { LoadMode } from "../../electron/common/contract/index.ts";
import { chooseLoadMode, readDeviceFacts } from "../../electron/node/services/inference/load-mode.ts";
import { measureColdStarts, type ColdStart } from "../cold-start.ts";
import type { BenchModel } from "../model.ts";
import { rounded } from "../stats.ts";
import { round, spread } from "../stats.ts";
import { openStorageThrottle } from "../storage-throttle.ts";
import type { BenchRun } from "./bench-run.ts";

const pick = (runs: ColdStart[], mode: LoadMode, cache: "cold" | "warm") => runs.filter((r) => r.mode === mode && r.cache === cache);
const mbPerSecond = (bytes: number, ms: number) => bytes / 1e6 / (ms / 1000);

function describe(runs: ColdStart[], sizeBytes: number) {
  return {
    startMs: rounded(spread(runs.map((r) => r.coldStartMs)), 0),
    engineLoadMs: rounded(spread(runs.map((r) => r.engineLoadMs)), 0),
    loadMBps: rounded(spread(runs.map((r) => mbPerSecond(sizeBytes, r.engineLoadMs))), 0),
    enginePeakMb: rounded(spread(runs.map((r) => r.engineMemory?.peakMb ?? Number.NaN)), 0),
    engineAnonMb: rounded(spread(runs.map((r) => r.engineMemory?.anonMb ?? Number.NaN)), 0),
    engineFileMb: rounded(spread(runs.map((r) => r.engineMemory?.fileMb ?? Number.NaN)), 0),
    residentBeforeMb: rounded(spread(runs.map((r) => r.residentBeforeMb ?? Number.NaN)), 0),
    progressStatuses: rounded(spread(runs.map((r) => r.progress.statuses)), 0),
    statusesWithRate: rounded(spread(runs.map((r) => r.progress.withRate)), 0),
    statusesWithTimeLeft: rounded(spread(runs.map((r) => r.progress.withTimeLeft)), 0),
    progressMonotonic: runs.every((r) => r.progress.monotonic),
    /** Halfway through the bytes: the time left shown / the time it then took to ready. */
    timeLeftShownOverActual: rounded(spread(runs.map((r) => (r.progress.halfway ? r.progress.halfway.shownSecondsLeft / r.progress.halfway.actualSecondsLeft : Number.NaN))), 2),
  };
}

export async function measureColdStart(run: BenchRun, model: BenchModel): Promise<void> {
  const mbps = run.options["storage-mbps"] ? Number(run.options["storage-mbps"]) : undefined;
  const throttle = mbps ? await openStorageThrottle(model.path, mbps * 1e6) : null;
  if (typeof throttle === "string") throw new Error(`--storage-mbps: ${throttle}`);
  const rounds = run.options["cold-rounds"] ? Number(run.options["cold-rounds"]) : run.work.coldStarts;
  run.log(`Cold start: ${rounds} round(s) of read and mmap${throttle ? `, storage capped at ${mbps} MB/s on ${throttle.device}` : ""}`);
  let runs: ColdStart[];
  try {
    runs = await measureColdStarts({ rounds, modelPath: model.path, engine: run.engine, load: run.load, throttle, log: run.log, echo: run.options.verbose });
  } finally {
    await throttle?.close();
  }
  const facts = await readDeviceFacts(model.path);
  const choice = chooseLoadMode(facts);
  const median = (mode: LoadMode, cache: "cold" | "warm") => round(spread(pick(runs, mode, cache).map((r) => r.coldStartMs)).median, 0);
  run.report.coldStart = {
    storage: throttle ? `this machine's disk (${throttle.device}) capped at ${mbps} MB/s by a blkio cgroup` : "this machine's disk, uncapped",
    eviction: runs.find((r) => r.eviction)?.eviction ?? null,
    modelBytes: model.sizeBytes,
    device: facts,
    rule: choice,
    coldRead: describe(pick(runs, "read", "cold"), model.sizeBytes),
    coldMmap: describe(pick(runs, "mmap", "cold"), model.sizeBytes),
    warmRead: describe(pick(runs, "read", "warm"), model.sizeBytes),
    warmMmap: describe(pick(runs, "mmap", "warm"), model.sizeBytes),
    note: "fork() of a fresh host process (as `npm run serve`) whose settings name the model → AppBackend.start() loads it with the given load mode, browser host listening → the engine status is ready. Cold: the page cache emptied right before (eviction); warm: the same start again right after. Rounds alternate which mode goes first.",
    runs: runs.map((r) => ({ mode: r.mode, cache: r.cache, startMs: round(r.coldStartMs, 0), engineLoadMs: round(r.engineLoadMs, 0), peakMb: r.engineMemory ? round(r.engineMemory.peakMb, 0) : null, residentBeforeMb: r.residentBeforeMb })),
  };
  run.summary.coldStartReadMs = median("read", "cold");
  run.summary.coldStartMmapMs = median("mmap", "cold");
  run.summary.coldStartMs = median(choice.mode, "cold");
  run.summary.warmStartMs = median(choice.mode, "warm");
  run.summary.coldLoadReadMBps = round(spread(pick(runs, "read", "cold").map((r) => mbPerSecond(model.sizeBytes, r.engineLoadMs))).median, 0);
  run.summary.coldLoadMmapMBps = round(spread(pick(runs, "mmap", "cold").map((r) => mbPerSecond(model.sizeBytes, r.engineLoadMs))).median, 0);
}
