/** The end of a run: the report written to disk, the tables and the summary printed. */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { loadAverage } from "../machine.ts";
import { checkTargets, markdownTable, summaryLines } from "../report.ts";
import type { BenchRun } from "./bench-run.ts";

export async function finishRun(run: BenchRun): Promise<void> {
  const { report, machine, summary, options, log } = run;
  machine.loadAfter = loadAverage();
  report.finishedAt = new Date().toISOString();
  report.durationMs = Math.round(run.elapsed());
  report.targets = checkTargets(summary);
  await mkdir(path.dirname(options.out), { recursive: true });
  await writeFile(options.out, `${JSON.stringify(report, null, 2)}\n`);

  log("");
  log(markdownTable(report));
  log("");
  log("summary: " + JSON.stringify(summary));
  for (const line of summaryLines(report)) log(line);
  for (const note of run.notes) log(`note: ${note}`);
  log(`Load average ${machine.loadBefore.join(" ")} before, ${machine.loadAfter.join(" ")} after; ${(report.durationMs / 60_000).toFixed(1)} min. Report: ${path.relative(process.cwd(), options.out)}`);
}
