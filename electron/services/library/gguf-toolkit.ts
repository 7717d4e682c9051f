/**
 * The parts of node-llama-cpp the library uses (`readGgufFileInfo`, `GgufInsights`, `GgufFileType`), passed in
 * instead of imported: the layering rule keeps node-llama-cpp out of electron/services, because only the engine may
 * load its native code (`GgufInsights.from` loads the addon; `readGgufFileInfo` is plain JavaScript).
 *
 * Pass the module itself (`await import("node-llama-cpp")`) from wherever node-llama-cpp may run. The tests pass the
 * real module, so TypeScript checks these shapes against the real API. To reuse a `Llama`, pass
 * `{ ...nodeLlamaCpp, GgufInsights: { from: (info) => nodeLlamaCpp.GgufInsights.from(info, llama) } }`.
 */

export interface GgufTensorInfoLike {
  readonly name: string;
  readonly dimensions: readonly (number | bigint)[];
  /** `enum ggml_type` value. */
  readonly ggmlType: number;
  /** Relative to the start of the tensor data. */
  readonly offset: number | bigint;
}

export interface GgufFileInfoLike {
  readonly metadata: { readonly general?: { readonly architecture?: string; readonly name?: string; readonly file_type?: number } };
  readonly architectureMetadata: { readonly context_length?: number };
  /** Where the tensor data starts. */
  readonly infoEndOffset?: number;
  readonly tensorInfo?: readonly GgufTensorInfoLike[];
}

export interface GgufInsightsLike {
  readonly trainContextSize: number | undefined;
  estimateModelResourceRequirements(options: { gpuLayers: number }): { cpuRam: number };
  estimateContextResourceRequirements(options: { contextSize: number; modelGpuLayers: number; batchSize?: number; flashAttention?: boolean }): {
    cpuRam: number;
  };
}

export interface GgufReadOptions {
  sourceType: "network" | "filesystem";
  logWarnings: boolean;
  spliceSplitFiles: boolean;
  fetchHeaders?: Record<string, string>;
  tokens?: { huggingFace?: string };
  fetchRetryOptions?: { retries: number };
  signal?: AbortSignal;
}

export interface GgufToolkit {
  readGgufFileInfo(pathOrUri: string, options: GgufReadOptions): Promise<GgufFileInfoLike>;
  GgufInsights: { from(info: GgufFileInfoLike): Promise<GgufInsightsLike> };
  /** The `llama_ftype` enum object (numbers map back to names such as "MOSTLY_Q4_0"). */
  GgufFileType: { readonly [value: number]: string };
}
