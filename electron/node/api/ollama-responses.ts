/**
 * Ollama's response bodies, from api/types.go at ollama/ollama@fb30760996871fa9460115c753afd2c60d4ab0f7
 * (GenerateResponse, ChatResponse, Metrics, ListModelResponse, ProcessModelResponse, ModelDetails, ShowResponse) and
 * how server/routes.go fills them. Durations are Go time.Duration values, which encode/json writes as integer
 * nanoseconds; fields tagged `omitempty` are left out when zero, as Go does.
 */
import type { ApiModel } from "./api-engine.ts";
import type { ApiAnswer } from "./api-generation.ts";

const nanoseconds = (ms: number) => Math.round(ms * 1e6);

/** api.Metrics on the last chunk: the same figures as the app's stats line (server/routes.go ChatHandler, GenerateHandler). */
export function metrics(answer: ApiAnswer): Record<string, number> {
  const all = {
    total_duration: nanoseconds(answer.totalMs),
    load_duration: nanoseconds(answer.loadMs),
    prompt_eval_count: answer.stats.promptTokens,
    prompt_eval_duration: nanoseconds(answer.stats.promptMs),
    eval_count: answer.stats.generatedTokens,
    eval_duration: nanoseconds(answer.stats.generationMs),
  };
  return Object.fromEntries(Object.entries(all).filter(([, value]) => value > 0));
}

/** time.Time as encoding/json writes it (RFC 3339). */
export const timestamp = (date: Date = new Date()) => date.toISOString();

/** format.HumanNumber (format/format.go): 2614341888 → "2.6B". */
export function humanNumber(count: number): string {
  const scaled = (unit: number, suffix: string, decimals: number) => {
    const value = count / unit;
    return Number.isInteger(value) ? `${value}${suffix}` : `${value.toFixed(decimals)}${suffix}`;
  };
  if (count >= 1e9) return scaled(1e9, "B", 1);
  if (count >= 1e6) return scaled(1e6, "M", 2);
  if (count >= 1e3) return `${(count / 1e3).toFixed(0)}K`;
  return String(count);
}

/** api.ModelDetails */
export function modelDetails(model: ApiModel) {
  const family = model.architecture ?? "";
  return {
    parent_model: "",
    format: "gguf",
    family,
    families: family ? [family] : null,
    parameter_size: model.parameterCount === null ? "" : humanNumber(model.parameterCount),
    quantization_level: model.quantization ?? "",
  };
}

/** api.ListModelResponse; the digest is the file's SHA-256 where the Library knows it. */
export function listedModel(model: ApiModel) {
  return {
    name: model.name,
    model: model.name,
    modified_at: timestamp(model.modifiedAt),
    size: model.sizeBytes,
    digest: model.sha256 ?? "",
    details: modelDetails(model),
  };
}

/** api.ProcessModelResponse: everything runs on the CPU, so size_vram is 0. */
export function runningModel(model: ApiModel, contextLength: number, expiresAt: Date) {
  return {
    name: model.name,
    model: model.name,
    size: model.sizeBytes,
    digest: model.sha256 ?? "",
    details: modelDetails(model),
    expires_at: timestamp(expiresAt),
    size_vram: 0,
    context_length: contextLength,
  };
}

/** api.ShowResponse: the details, the few model_info keys we know without reading the file again, and capabilities. */
export function shownModel(model: ApiModel, contextLength: number | undefined) {
  const architecture = model.architecture ?? "";
  const modelInfo: Record<string, string | number> = {};
  if (architecture) modelInfo["general.architecture"] = architecture;
  if (model.parameterCount !== null) modelInfo["general.parameter_count"] = model.parameterCount;
  if (architecture && contextLength !== undefined) modelInfo[`${architecture}.context_length`] = contextLength;
  return {
    details: modelDetails(model),
    model_info: modelInfo,
    capabilities: ["completion"],
    modified_at: timestamp(model.modifiedAt),
  };
}
