/** The models folder as a list of installed models: list, delete (bytes freed), folder size and free disk. */
import { readdir, stat, statfs, unlink } from "node:fs/promises";
import path from "node:path";
import { modelIdSchema, type InstalledModel } from "../../../common/contract/app/library.ts";
import { AppError } from "../../../common/contract/errors.ts";
import type { Catalog } from "../../../../models/catalog.ts";
import { fileSize, removeIfExists } from "./fs-utils.ts";
import { readGgufSummary } from "./gguf-inspect.ts";
import { modelPaths, readModelSidecar, sidecarSuffix, type ModelSidecar } from "./sidecars.ts";

export interface ModelLibraryOptions {
  modelsDir: string;
  /** Used to recognise catalog files dropped in by hand. */
  catalog?: Catalog;
  freeDiskBytes?: (dir: string) => Promise<number>;
}

export interface ModelLibrary {
  list(): Promise<InstalledModel[]>;
  get(id: string): Promise<InstalledModel | undefined>;
  /** Deletes the model and its sidecar; an in-place import is only unregistered (its file is not touched: 0 bytes). */
  delete(id: string): Promise<{ freedBytes: number }>;
  /** Everything in the models folder, partial downloads included. */
  folderBytes(): Promise<number>;
  freeBytes(): Promise<number | null>;
}

/** Free space for an unprivileged user on the disk holding `dir`. */
export async function freeDiskBytes(dir: string): Promise<number> {
  const info = await statfs(dir);
  return info.bavail * info.bsize;
}

export function createModelLibrary(options: ModelLibraryOptions): ModelLibrary {
  const { modelsDir } = options;
  const headerCache = new Map<string, { key: string; quantization: string | null; architecture: string | null }>();

  async function headerFacts(file: string, size: number, mtimeMs: number) {
    const key = `${size}:${mtimeMs}`;
    const cached = headerCache.get(file);
    if (cached?.key === key) return cached;
    const summary = await readGgufSummary(file).catch(() => undefined);
    const facts = { key, quantization: summary?.quantization ?? null, architecture: summary?.architecture ?? null };
    headerCache.set(file, facts);
    return facts;
  }

  function catalogIdFor(file: string): string | null {
    return options.catalog?.variants.find((variant) => variant.file === file)?.id ?? null;
  }

  async function describe(id: string, filePath: string, sidecar: ModelSidecar | undefined): Promise<InstalledModel | undefined> {
    const info = await stat(filePath).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    const header = sidecar?.quantization != null ? sidecar : await headerFacts(filePath, info.size, info.mtimeMs);
    const base = {
      id,
      path: filePath,
      sizeBytes: info.size,
      quantization: header.quantization,
      architecture: header.architecture,
      catalogId: catalogIdFor(id),
    };
    if (sidecar?.source === "huggingface")
      return {
        ...base,
        source: { kind: "huggingface", endpoint: sidecar.endpoint, repo: sidecar.repo, file: sidecar.file },
        sha256: sidecar.sha256,
        addedAt: sidecar.downloadedAt,
        inPlace: false,
        catalogId: sidecar.variantId ?? base.catalogId,
      };
    if (sidecar?.source === "ollama")
      return {
        ...base,
        source: { kind: "ollama", endpoint: sidecar.endpoint, model: sidecar.model, tag: sidecar.tag },
        sha256: sidecar.sha256,
        addedAt: sidecar.downloadedAt,
        inPlace: false,
        catalogId: sidecar.variantId ?? base.catalogId,
      };
    if (sidecar?.source === "import")
      return {
        ...base,
        source: { kind: "import", originalPath: sidecar.originalPath, ...(sidecar.foundIn ? { foundIn: sidecar.foundIn } : {}) },
        sha256: sidecar.sha256,
        addedAt: sidecar.importedAt,
        inPlace: sidecar.inPlace,
        // The catalog pins every file's SHA-256: Ollama's gemma2:2b used in place is the catalog's Q4_0, whatever its name.
        catalogId: options.catalog?.variants.find((variant) => variant.sha256 === sidecar.sha256)?.id ?? base.catalogId,
      };
    return { ...base, source: { kind: "unknown" }, sha256: null, addedAt: null, inPlace: false };
  }

  const library: ModelLibrary = {
    async list() {
      const entries = await readdir(modelsDir, { withFileTypes: true }).catch(() => []);
      const names = new Set(entries.filter((entry) => entry.isFile()).map((entry) => entry.name));
      const models: InstalledModel[] = [];
      for (const name of names) {
        const isModel = name.endsWith(".gguf") && modelIdSchema.safeParse(name).success;
        const isInPlaceSidecar = name.endsWith(`.gguf${sidecarSuffix}`) && !names.has(name.slice(0, -sidecarSuffix.length));
        if (!isModel && !isInPlaceSidecar) continue;
        const id = isModel ? name : name.slice(0, -sidecarSuffix.length);
        const sidecar = await readModelSidecar(modelPaths(modelsDir, id).sidecar);
        if (isInPlaceSidecar && !(sidecar?.source === "import" && sidecar.inPlace)) continue;
        const filePath = isModel ? path.join(modelsDir, name) : (sidecar as { originalPath: string }).originalPath;
        const model = await describe(id, filePath, sidecar);
        if (model) models.push(model);
      }
      return models.sort((a, b) => (b.addedAt ?? 0) - (a.addedAt ?? 0) || a.id.localeCompare(b.id));
    },
    async get(id) {
      return (await library.list()).find((model) => model.id === id);
    },
    async delete(id) {
      if (!modelIdSchema.safeParse(id).success) throw new AppError("BAD_REQUEST", `"${id}" is not a model file name.`);
      const paths = modelPaths(modelsDir, id);
      const size = await fileSize(paths.model);
      if (size !== undefined) {
        await unlink(paths.model);
        await removeIfExists(paths.sidecar);
        return { freedBytes: size };
      }
      const sidecar = await readModelSidecar(paths.sidecar);
      if (sidecar?.source === "import" && sidecar.inPlace) {
        await unlink(paths.sidecar);
        return { freedBytes: 0 };
      }
      throw new AppError("NOT_FOUND", `${id} is not installed.`);
    },
    async folderBytes() {
      const entries = await readdir(modelsDir, { withFileTypes: true }).catch(() => []);
      const sizes = await Promise.all(
        entries.filter((entry) => entry.isFile()).map((entry) => fileSize(path.join(modelsDir, entry.name))),
      );
      return sizes.reduce<number>((sum, size) => sum + (size ?? 0), 0);
    },
    async freeBytes() {
      return (options.freeDiskBytes ?? freeDiskBytes)(modelsDir).catch(() => null);
    },
  };
  return library;
}
