import type { Sampling } from "../../../common/contract/index.ts";
import type { Settings } from "../../../common/contract/app/settings.ts";
import type { LoadOptions } from "../inference/supervisor.ts";

/** The sampling the engine gets for the next answer (a null seed means a random one: left out). */
export function samplingFrom(settings: Settings): Sampling {
  const { seed, ...rest } = settings.sampling;
  return seed === null ? rest : { ...rest, seed };
}

/** What the supervisor passes to the engine's `load` (takes effect on the next load). */
export function loadOptionsFrom(settings: Settings): LoadOptions {
  const { contextSize, threads, batchSize } = settings.model;
  return { threads, batchSize, ...(contextSize !== "auto" && { contextSize }) };
}

export function keepAliveMinutesFrom(settings: Settings): number | "forever" {
  return settings.model.keepAlive;
}
