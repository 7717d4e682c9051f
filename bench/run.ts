/**
 * `npm run bench` (full, ~15–20 min) and `npm run bench -- --quick` (~5 min): raw node-llama-cpp vs our pipeline on
 * a random-weight model with the exact Gemma 2 2B shape, interleaved so that every figure is a ratio measured in the
 * same run; plus memory, cold start and the renderer under load. Writes bench/results/latest.json and prints tables.
 * See bench/README.md. Each phase lives in bench/phases/ and fills its part of the report.
 */
import { ensureBenchModel } from "./model.ts";
import { measureApiPath } from "./phases/api-section.ts";
import { parseOptions } from "./options.ts";
import { startRun, type BenchRun } from "./phases/bench-run.ts";
import { prepareCeilings } from "./phases/ceilings.ts";
import { measureColdStart } from "./phases/cold-start-section.ts";
import { finishRun } from "./phases/finish.ts";
import { measureMemory, measureMemoryOnly, recordPhaseMemory, watchWholeAppMemory } from "./phases/memory-section.ts";
import { describeModel } from "./phases/model-section.ts";
import { measureMultiTurn } from "./phases/multi-turn.ts";
import { measurePairs } from "./phases/pairs.ts";
import { measureRendererSection } from "./phases/renderer-section.ts";
import { openSides } from "./phases/sides.ts";

const log = (line: string) => console.log(line);

/** Raw node-llama-cpp and our pipeline on the benchmark model: pairs, multi-turn, memory, cold start. */
async function measureEngine(run: BenchRun): Promise<void> {
  const model = await ensureBenchModel("q4_0", log);
  run.report.model = describeModel(model);
  const sampleCeilings = await prepareCeilings(run, model);
  const benchStartedAt = run.elapsed();
  const sides = await openSides(run, model);
  await measurePairs(run, sides, model, sampleCeilings, benchStartedAt);
  await measureMultiTurn(run, sides, benchStartedAt);
  await measureApiPath(run, sides, model);
  // After the last phase that runs the engine: its VmHWM is then the whole run's peak.
  await recordPhaseMemory(run, sides, "API");
  await measureMemory(run, sides, model);
  await sides.pipeline.dispose();
  await sides.raw.dispose();
  await measureColdStart(run, model);
}

/** `--only api`: the API path alone (both sides loaded, no raw pairs). */
async function measureApiOnly(run: BenchRun): Promise<void> {
  const model = await ensureBenchModel("q4_0", log);
  run.report.model = describeModel(model);
  const sides = await openSides(run, model);
  await measureApiPath(run, sides, model);
  await sides.pipeline.dispose();
  await sides.raw.dispose();
}

/** `--only cold-start`: just the cold starts, on the same benchmark model. */
async function measureColdStartOnly(run: BenchRun): Promise<void> {
  const model = await ensureBenchModel("q4_0", log);
  run.report.model = describeModel(model);
  await measureColdStart(run, model);
}

async function main(): Promise<void> {
  const run = startRun(parseOptions(log), log);
  if (run.options.only === "cold-start") return finishRun(await measureColdStartOnly(run).then(() => run));
  if (run.options.only === "api") return finishRun(await measureApiOnly(run).then(() => run));
  if (run.options.only === "memory") return finishRun(await measureMemoryOnly(run).then(() => run));
  if (!run.options["renderer-only"]) await measureEngine(run);
  if (!run.options["skip-renderer"]) {
    const wholeApp = watchWholeAppMemory(run);
    await measureRendererSection(run);
    await wholeApp.finish();
  }
  await finishRun(run);
}

await main();
