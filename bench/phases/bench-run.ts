/** What every phase of a bench run shares: its options, workload and settings, the report it fills, its clock. */
import { describeMachine, type Machine } from "../machine.ts";
import { engineEntry, type BenchOptions, type EngineEntry } from "../options.ts";
import { emptySummary, startedReport, type Report, type Summary } from "../report.ts";
import { benchSampling, chooseThreads, loadSettings, smokeWorkload, workload, type LoadSettings, type Workload } from "../settings.ts";

export interface BenchRun {
  options: BenchOptions;
  mode: "full" | "quick";
  work: Workload;
  load: LoadSettings;
  engine: EngineEntry;
  machine: Machine;
  report: Report;
  summary: Summary;
  notes: string[];
  log: (line: string) => void;
  /** Milliseconds since the run started. */
  elapsed: () => number;
}

/** Reads the machine, picks threads and the workload, and starts the report. */
export function startRun(options: BenchOptions, log: (line: string) => void): BenchRun {
  const mode = options.quick || options.smoke ? "quick" : "full";
  const work = options.smoke ? smokeWorkload() : workload(options.quick);
  if (options.pairs) work.pairs = work.maxPairs = Math.max(1, Number(options.pairs));
  const machine = describeMachine();
  const threads = chooseThreads(options.threads, machine.availableParallelism, machine.loadBefore[0] ?? 0);
  const load = loadSettings(threads.threads);
  if (options.batch) load.batchSize = Number(options.batch);
  if (options.context) load.contextSize = Number(options.context);
  const startedAt = new Date();
  const clock0 = performance.now();
  const notes: string[] = [];
  if (threads.threads !== machine.availableParallelism && !options["renderer-only"]) notes.push(`llama.cpp threads: ${threads.threads} on both sides (${threads.reason}).`);
  const summary = emptySummary();
  log(`Edge Gemma bench (${mode}) on ${machine.cpuModel}, ${machine.availableParallelism} cores, load average ${machine.loadBefore.join(" ")}`);
  log(`llama.cpp threads: ${threads.threads} (${threads.reason})`);

  const engine = engineEntry(options.engine);
  const report = startedReport({
    mode,
    startedAt: startedAt.toISOString(),
    machine,
    settings: {
      load,
      threadsReason: threads.reason,
      sampling: benchSampling(work.generatedTokens),
      workload: work,
      engineEntry: engine.kind,
      transport: options.transport === "memory" ? "in-memory port (structured clone, like Electron's MessagePort)" : "browser host WebSocket (JSON)",
    },
    summary,
    notes,
  });
  return { options, mode, work, load, engine, machine, report, summary, notes, log, elapsed: () => performance.now() - clock0 };
}
