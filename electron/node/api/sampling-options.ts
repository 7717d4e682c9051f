import { samplingSchema, type Sampling } from "../../common/contract/index.ts";

export class OptionError extends Error {}

/** What a request asks of the sampler, in the engine's terms, plus the stop sequences the API applies itself. */
export interface SamplingRequest {
  sampling: Sampling | undefined;
  stops: string[];
}

type Kind = "integer" | "float32" | "array";

/**
 * The Ollama options we honour and their Go types (api.Options in api/types.go, ollama/ollama@fb30760). Other known
 * options (num_ctx, num_thread, num_batch, num_gpu, typical_p, presence/frequency_penalty …) are accepted and
 * ignored: the context and threads are the app's settings, shared with the desktop chat.
 */
const honoured: Record<string, { kind: Kind; field?: keyof Sampling }> = {
  temperature: { kind: "float32", field: "temperature" },
  top_k: { kind: "integer", field: "topK" },
  top_p: { kind: "float32", field: "topP" },
  min_p: { kind: "float32", field: "minP" },
  repeat_penalty: { kind: "float32", field: "repeatPenalty" },
  repeat_last_n: { kind: "integer", field: "repeatLastTokens" },
  seed: { kind: "integer", field: "seed" },
  num_predict: { kind: "integer", field: "maxTokens" },
  stop: { kind: "array" },
};

/** Reads Ollama's `options` map with the type checks and messages of Options.FromMap. */
export function fromOllamaOptions(options: Record<string, unknown> | null | undefined): SamplingRequest {
  const raw: Partial<Record<keyof Sampling, number>> = {};
  let stops: string[] = [];
  for (const [key, value] of Object.entries(options ?? {})) {
    const option = honoured[key];
    if (!option || value === null || value === undefined) continue;
    if (option.kind === "array") {
      if (!Array.isArray(value)) throw new OptionError(`option "${key}" must be of type array`);
      if (!value.every((item) => typeof item === "string")) throw new OptionError(`option "${key}" must be of an array of strings`);
      stops = value.filter((item) => item !== "");
      continue;
    }
    if (typeof value !== "number") throw new OptionError(`option "${key}" must be of type ${option.kind}`);
    if (option.field) raw[option.field] = option.kind === "integer" ? Math.trunc(value) : value;
  }
  const names = Object.fromEntries(Object.entries(honoured).map(([name, { field }]) => [field, name]));
  return { sampling: checkedSampling(raw, names), stops };
}

/** OpenAI's sampling parameters (chat and legacy completions), mapped as Ollama's own OpenAI layer maps them. */
export function fromOpenAiParameters(parameters: {
  temperature?: number | null | undefined;
  top_p?: number | null | undefined;
  seed?: number | null | undefined;
  max_tokens?: number | null | undefined;
  stop?: string | string[] | null | undefined;
}): SamplingRequest {
  const raw: Partial<Record<keyof Sampling, number>> = {};
  if (parameters.temperature != null) raw.temperature = parameters.temperature;
  if (parameters.top_p != null) raw.topP = parameters.top_p;
  if (parameters.seed != null) raw.seed = parameters.seed;
  if (parameters.max_tokens != null) raw.maxTokens = parameters.max_tokens;
  const stop = parameters.stop;
  const stops = (typeof stop === "string" ? [stop] : (stop ?? [])).filter((item) => item !== "");
  return { sampling: checkedSampling(raw, { temperature: "temperature", topP: "top_p", seed: "seed", maxTokens: "max_tokens" }), stops };
}

/** Ollama's "unset" values (seed -1: random; num_predict -1/-2: no limit) become absent; the rest must fit the engine's ranges. */
function checkedSampling(raw: Partial<Record<keyof Sampling, number>>, names: Partial<Record<string, string>>): Sampling | undefined {
  if (raw.seed !== undefined && raw.seed < 0) delete raw.seed;
  if (raw.maxTokens !== undefined && raw.maxTokens <= 0) delete raw.maxTokens;
  const parsed = samplingSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? "");
    throw new OptionError(`${names[field] ?? field}: ${issue?.message ?? "invalid value"}`);
  }
  return Object.keys(parsed.data).length > 0 ? parsed.data : undefined;
}
