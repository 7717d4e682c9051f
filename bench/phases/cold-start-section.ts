/** Cold start: a fresh process each time (page cache warm: the model file was just read). */
import { measureColdStarts } from "../cold-start.ts";
import type { BenchModel } from "../model.ts";
import { rounded } from "../report.ts";
import { round, spread } from "../stats.ts";
import type { BenchRun } from "./bench-run.ts";

export async function measureColdStart(run: BenchRun, model: BenchModel): Promise<void> {
  const coldRuns = await measureColdStarts(run.work.coldStarts, model.path, run.engine, run.load, run.log, run.options.verbose);
  run.report.coldStart = {
    coldStartMs: rounded(spread(coldRuns.map((r) => r.coldStartMs)), 0),
    processToScriptMs: rounded(spread(coldRuns.map((r) => r.scriptStartedMs)), 0),
    scriptToListeningMs: rounded(spread(coldRuns.map((r) => r.listeningMs - r.scriptStartedMs)), 0),
    listeningToReadyMs: rounded(spread(coldRuns.map((r) => r.readyMs - r.listeningMs)), 0),
    engineLoadMs: rounded(spread(coldRuns.map((r) => r.engineLoadMs)), 0),
    note: "fork() of a fresh host process (as `npm run serve`) whose settings name the model → AppBackend.start() loads it, browser host listening → the engine status is ready. The model file is in the page cache (warm disk): a Pi reading it from an SD card or NVMe for the first time adds that read.",
    runs: coldRuns.map((r) => ({ coldStartMs: round(r.coldStartMs, 0), engineLoadMs: round(r.engineLoadMs, 0) })),
  };
  run.summary.coldStartMs = round(spread(coldRuns.map((r) => r.coldStartMs)).median, 0);
}
