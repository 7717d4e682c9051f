/**
 * RAM estimates from the real GGUF headers on Hugging Face, read before downloading: the bounded reader fetches only
 * the header (metadata + tensor table, a few MB for Gemma's 256k vocabulary) with HTTP range requests, in a worker
 * thread, and the tensor data's size and the declared hyper-parameters give weights + context memory. Results are
 * cached for the session; without network the catalog's figures are used instead (see memory-estimate.ts).
 */
import type { CatalogVariant } from "../../../common/contract/app/library.ts";
import { GgufProblem } from "../../gguf/gguf-problem.ts";
import { inspectGguf, InspectReadError } from "../../gguf/inspect.ts";
import { normalizeEndpoint, resolveFileUrl } from "./hf-http.ts";
import { memoryModelFromHeader, type MemoryModel } from "./memory-estimate.ts";

export interface HeaderEstimates {
  get(variantId: string): MemoryModel | undefined;
  /** Reads the headers not read yet, one at a time; stops at the first network failure or timeout. Returns how many it read. */
  refresh(variants: readonly CatalogVariant[], signal?: AbortSignal): Promise<number>;
}

export interface HeaderEstimatesOptions {
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
        // Ollama's registry serves the GGUF behind a manifest: those keep the catalog's figures.
        if (cache.has(variant.id) || signal?.aborted || variant.source.kind !== "huggingface") continue;
        try {
          const facts = await inspectGguf(
            { kind: "url", url: resolveFileUrl(endpoint, variant.source.repo, variant.source.path), headers: token ? { authorization: `Bearer ${token}` } : {} },
            { timeoutMs: options.timeoutMs ?? 20_000, ...(signal ? { signal } : {}) },
          );
          cache.set(variant.id, memoryModelFromHeader(facts));
          read++;
        } catch (error) {
          // Keep the catalog's figures. A server that answered (an error, a malformed header) only spoils that variant;
          // when offline, timed out or cancelled, don't wait on the rest.
          const onlyThisOne = (error instanceof InspectReadError && error.remote) || (error instanceof GgufProblem && error.reason !== "inspection-timeout");
          if (!onlyThisOne) break;
        }
      }
      return read;
    },
  };
}
