/**
 * "Found on this Pi": the Gemma 2 GGUFs that Ollama and Hugging Face's cache already hold, offered for use in place
 * (read-only, never copied, never deleted by us). Finding is cheap (manifests, links, GGUF headers); a file is
 * hashed and registered only when the user chooses it (`adopt`), through the import path with its checks.
 */
import path from "node:path";
import type { FoundModel, InstalledModel } from "../../../../common/contract/app/library.ts";
import { AppError } from "../../../../common/contract/errors.ts";
import type { Catalog } from "../../../../../models/catalog.ts";
import { readGgufSummary } from "../gguf-inspect.ts";
import type { ImportResult } from "../../../../common/contract/app/library.ts";
import type { ImportRequest } from "../import-model.ts";
import { findHfCachedGgufs } from "./hf-cache.ts";
import { findOllamaModelBlobs } from "./ollama-store.ts";
import { huggingFaceCacheRoot, ollamaModelRoots, type StoreEnvironment } from "./store-paths.ts";

export interface FoundModelsOptions {
  stores: StoreEnvironment;
  catalog?: Catalog;
  installed: () => Promise<readonly InstalledModel[]>;
  importModel: (request: ImportRequest) => Promise<ImportResult>;
}

export interface FoundModels {
  /** Scans the stores; models already in the library (used in place) are left out. */
  list(): Promise<FoundModel[]>;
  /** Checks the file like an import (GGUF, complete, SHA-256 against the store's digest) and registers it in place. */
  adopt(filePath: string, signal?: AbortSignal): Promise<ImportResult>;
}

/** `gemma2:2b` → `ollama-gemma2-2b.gguf`; a cached `gemma-2-2b-it-Q4_K_M.gguf` keeps its name. */
export function foundModelId(found: Pick<FoundModel, "store" | "name" | "path">): string {
  const base = found.store === "ollama" ? `ollama-${found.name}` : path.basename(found.name.split(" · ").at(-1) ?? found.path).replace(/\.gguf$/i, "");
  return `${base.replace(/[^\w.-]+/g, "-").replace(/^[^\w]+/, "")}.gguf`;
}

type Candidate = Omit<FoundModel, "quantization" | "catalogId"> & { mtimeMs: number };

export function createFoundModels(options: FoundModelsOptions): FoundModels {
  const headers = new Map<string, { key: string; architecture: string | null; quantization: string | null }>();
  let latest = new Map<string, FoundModel>();

  async function candidates(): Promise<Candidate[]> {
    const ollama = (await Promise.all(ollamaModelRoots(options.stores).map(findOllamaModelBlobs))).flat();
    const hfRoot = huggingFaceCacheRoot(options.stores);
    const cached = await findHfCachedGgufs(hfRoot);
    return [
      ...ollama.map((blob) => ({
        store: "ollama" as const, name: blob.names.sort()[0]!, otherNames: blob.names.slice(1), storeRoot: blob.root, path: blob.blobPath,
        sizeBytes: blob.sizeBytes, sha256: blob.sha256, mtimeMs: blob.mtimeMs,
      })),
      ...cached.map((file) => ({
        store: "huggingface-cache" as const, name: `${file.repo} · ${file.file}`, otherNames: [], storeRoot: file.root, path: file.blobPath,
        sizeBytes: file.sizeBytes, sha256: file.sha256, mtimeMs: file.mtimeMs,
      })),
    ];
  }

  async function header(candidate: Candidate) {
    const key = `${candidate.sizeBytes}:${candidate.mtimeMs}`;
    const cached = headers.get(candidate.path);
    if (cached?.key === key) return cached;
    const summary = await readGgufSummary(candidate.path).catch(() => null);
    const facts = { key, architecture: summary?.architecture ?? null, quantization: summary?.quantization ?? null };
    headers.set(candidate.path, facts);
    return facts;
  }

  function catalogIdFor(candidate: Candidate): string | null {
    const variants = options.catalog?.variants ?? [];
    const byHash = candidate.sha256 === null ? undefined : variants.find((variant) => variant.sha256 === candidate.sha256);
    const byFile =
      candidate.store === "huggingface-cache"
        ? variants.find(({ source }) => source.kind === "huggingface" && candidate.name === `${source.repo} · ${source.path}`)
        : undefined;
    return (byHash ?? byFile)?.id ?? null;
  }

  return {
    async list() {
      const inLibrary = new Set((await options.installed()).map((model) => model.path));
      const found = new Map<string, FoundModel>();
      for (const candidate of await candidates()) {
        if (inLibrary.has(candidate.path)) continue;
        const facts = await header(candidate);
        // Only Gemma 2: other models in these stores are the user's business, not this app's.
        if (facts.architecture !== "gemma2") continue;
        const { mtimeMs: _mtimeMs, ...shown } = candidate;
        found.set(candidate.path, { ...shown, quantization: facts.quantization, catalogId: catalogIdFor(candidate) });
      }
      latest = found;
      return [...found.values()];
    },
    async adopt(filePath, signal) {
      const found = latest.get(filePath) ?? (await this.list(), latest.get(filePath));
      if (!found) throw new AppError("NOT_FOUND", `${filePath} is not a Gemma 2 model found in Ollama's or Hugging Face's folders.`, { path: filePath });
      return options.importModel({
        sourcePath: found.path,
        mode: "in-place",
        modelId: foundModelId(found),
        foundIn: { store: found.store, name: found.name, storeRoot: found.storeRoot },
        ...(found.sha256 === null ? {} : { expectedSha256: found.sha256 }),
        ...(signal ? { signal } : {}),
      });
    },
  };
}
