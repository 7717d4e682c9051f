import type { ModelShape } from "../../../../electron/common/contract/app/library.ts";
import type { AppState } from "../../state/app-state.ts";

/**
 * RAM the KV cache takes for a context of `tokens`: keys and values (f16, 2 bytes) for every layer's
 * KV heads — what llama.cpp allocates for Gemma 2 at load, besides the weights.
 */
export function kvCacheBytes(shape: ModelShape, tokens: number): number {
  return 2 * shape.layers * shape.kvHeads * shape.headSize * 2 * tokens;
}

/** The loaded model's shape, when the catalog knows its file (it lists the shapes of the Gemma 2 variants). */
export function loadedModelShape(state: AppState): ModelShape | undefined {
  const { engine } = state;
  if (engine.state !== "ready" && engine.state !== "generating") return undefined;
  const file = engine.model.path.split(/[\\/]/).pop();
  return state.library.catalog.value?.items.find((item) => item.variant.file === file)?.variant.shape;
}

/** The context size the loaded model runs with now, if one is loaded. */
export function loadedContextSize(state: AppState): number | undefined {
  const { engine } = state;
  return engine.state === "ready" || engine.state === "generating" ? engine.model.contextSize : undefined;
}

export function formatMemory(bytes: number, language: string): string {
  const gigabytes = bytes / 1024 ** 3;
  const format = (value: number, digits: number) =>
    new Intl.NumberFormat(language, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(value);
  return gigabytes >= 1 ? `${format(gigabytes, 1)} GB` : `${format(bytes / 1024 ** 2, 0)} MB`;
}
