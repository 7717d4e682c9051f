/**
 * RAM estimates from the real GGUF headers on Hugging Face, read before downloading: node-llama-cpp's
 * `readGgufFileInfo(url)` fetches only the header (metadata + tensor table, a few MB for Gemma's 256k vocabulary)
 * and `GgufInsights` turns it into weights + context memory. Results are cached for the session; without network
 * (or without a toolkit) the catalog's figures are used instead (see memory-estimate.ts).
 */
import type { CatalogVariant } from "../../contract/app/library.ts";
import type { GgufToolkit } from "./gguf-toolkit.ts";
import { networkErrorCode, normalizeEndpoint, resolveFileUrl } from "./hf-http.ts";
import { memoryModelFromInsights, type MemoryModel } from "./memory-estimate.ts";

export interface HeaderEstimates {
  get(variantId: string): MemoryModel | undefined;
  /** Reads the headers not read yet, one at a time; stops at the first network failure or timeout. Returns how many it read. */
  refresh(variants: readonly CatalogVariant[], signal?: AbortSignal): Promise<number>;
}

export interface HeaderEstimatesOptions {
  /** node-llama-cpp (GgufInsights loads its native addon: pass it only where that may run). */
  gguf: GgufToolkit;
  getEndpoint: () => string | undefined | Promise<string | undefined>;
  getToken: () => Promise<string | undefined>;
  /** Per header. Default 20 s. */
  timeoutMs?: number;
}

export function createHeaderEstimates(options: HeaderEstimatesOptions): HeaderEstimates {
  const cache = new Map<string, MemoryModel>();
  return {
    get: (variantId) => cache.get(variantId),
    async refresh(variants, signal) {
      let read = 0;
      const endpoint = normalizeEndpoint(await options.getEndpoint());
      const token = (await options.getToken()) || undefined;
      for (const variant of variants) {
        if (cache.has(variant.id) || signal?.aborted) continue;
        const timeout = AbortSignal.timeout(options.timeoutMs ?? 20_000);
        try {
          const info = await options.gguf.readGgufFileInfo(resolveFileUrl(endpoint, variant.repo, variant.file), {
            sourceType: "network",
            fetchHeaders: token ? { authorization: `Bearer ${token}` } : {},
            // null: node-llama-cpp must not look for HF_TOKEN or ~/.cache/huggingface/token; the app's setting decides.
            tokens: { huggingFace: token ?? (null as unknown as string) },
            fetchRetryOptions: { retries: 0 },
            logWarnings: false,
            spliceSplitFiles: false,
            signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
          });
          cache.set(variant.id, memoryModelFromInsights(await options.gguf.GgufInsights.from(info)));
          read++;
        } catch (error) {
          // Keep the catalog's figures; when offline (or nothing answers) don't wait on the rest.
          if (timeout.aborted || signal?.aborted || networkErrorCode(error) !== null) break;
        }
      }
      return read;
    },
  };
}
