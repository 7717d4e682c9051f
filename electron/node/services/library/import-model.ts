/**
 * Importing a GGUF the user already has: checked (a well-formed Gemma 2 header with complete tensor data, read in a
 * worker: see gguf-inspect.ts), then copied into the models folder with progress while its SHA-256 is computed, or registered where it lies.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { createHash } from "node:crypto";
import { open, rename } from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { modelFileNameSchema, type FoundIn, type ImportMode, type ImportResult } from "../../../common/contract/app/library.ts";
import { AppError } from "../../../common/contract/errors.ts";
import { ensureDiskSpace } from "./disk-space.ts";
import { fileSize, hashFile, removeIfExists } from "./fs-utils.ts";
import { readGgufSummary } from "./gguf-inspect.ts";
import type { ModelLibrary } from "./installed-models.ts";
import { freeDiskBytes as statfsFreeBytes } from "./installed-models.ts";
import { modelPaths, writeModelSidecar } from "./sidecars.ts";

export interface ImportDependencies {
  modelsDir: string;
  library: ModelLibrary;
  now: () => number;
  freeDiskBytes?: (dir: string) => Promise<number>;
  /** Left free on the disk on top of the copy. Default 64 MiB. */
  diskReserveBytes?: number;
  /** At most one progress report in this interval (the last one always goes out). Default 250 ms. */
  progressIntervalMs?: number;
}

export interface ImportRequest {
  sourcePath: string;
  /** "copy" into the models folder, or "in-place": only a sidecar is written, the file stays where it is. */
  mode: ImportMode;
  signal?: AbortSignal;
  onProgress?: (doneBytes: number, totalBytes: number) => void;
  /** The id in the library, when the file's own name is a poor one (an Ollama blob is `sha256-<hex>`). */
  modelId?: string;
  /** The store the file was found in (see local-stores/), noted in the sidecar. */
  foundIn?: FoundIn;
  /** Refused unless the file's SHA-256 is this (a store's digest for it). */
  expectedSha256?: string;
}

/** The id a file gets in the models folder: its name, made safe, ending in .gguf. */
export function importedModelId(sourcePath: string): string {
  const base = path.basename(sourcePath).replace(/\.gguf$/i, "").replace(/[^\w.-]/g, "_").replace(/^[^\w]+/, "");
  return `${base === "" ? "model" : base}.gguf`;
}

function throttled(deps: ImportDependencies, report: ImportRequest["onProgress"]) {
  let last = Number.NEGATIVE_INFINITY;
  return (done: number, total: number) => {
    const now = deps.now();
    if (done < total && now - last < (deps.progressIntervalMs ?? 250)) return;
    last = now;
    report?.(done, total);
  };
}

export async function importModel(request: ImportRequest, deps: ImportDependencies): Promise<ImportResult> {
  const sourcePath = path.resolve(request.sourcePath);
  const summary = await readGgufSummary(sourcePath, request.signal ? { signal: request.signal } : {});
  const warnings: string[] = [];

  const id = modelFileNameSchema.parse(request.modelId ?? importedModelId(sourcePath));
  const paths = modelPaths(deps.modelsDir, id);
  if (path.dirname(sourcePath) === path.resolve(deps.modelsDir))
    throw new AppError("BAD_REQUEST", `${path.basename(sourcePath)} is already in the models folder.`);
  for (const taken of [paths.model, paths.sidecar, paths.partialState])
    if ((await fileSize(taken)) !== undefined)
      throw new AppError("BAD_REQUEST", `A model called ${id} is already installed or being downloaded: rename the file or delete that one first.`);

  const progress = throttled(deps, request.onProgress);
  const total = summary.sizeBytes;
  let sha256: string;
  if (request.mode === "copy") {
    await ensureDiskSpace({
      freeDiskBytes: deps.freeDiskBytes ?? statfsFreeBytes,
      dir: deps.modelsDir,
      what: `a copy of ${id}`,
      bytes: total,
      ...(deps.diskReserveBytes === undefined ? {} : { reserveBytes: deps.diskReserveBytes }),
    });
    sha256 = await copyHashing(sourcePath, paths.part, total, progress, request.signal);
  } else {
    const { hash } = await hashFile(sourcePath, {
      onBytes: (bytes) => progress(bytes, total),
      ...(request.signal ? { signal: request.signal } : {}),
    });
    sha256 = hash.digest("hex");
  }
  progress(total, total);
  if (request.expectedSha256 !== undefined && sha256 !== request.expectedSha256) {
    if (request.mode === "copy") await removeIfExists(paths.part);
    throw new AppError(
      "MODEL_INVALID",
      `${path.basename(sourcePath)} is damaged: its SHA-256 is not the one ${request.foundIn?.store === "ollama" ? "Ollama's manifest" : "its store"} records for it. Nothing was added.`,
      { reason: "sha256-mismatch", expectedSha256: request.expectedSha256, actualSha256: sha256 },
    );
  }

  await writeModelSidecar(paths.sidecar, {
    version: 1,
    source: "import",
    originalPath: sourcePath,
    inPlace: request.mode === "in-place",
    ...(request.foundIn ? { foundIn: request.foundIn } : {}),
    sha256,
    sizeBytes: total,
    importedAt: deps.now(),
    quantization: summary.quantization,
    architecture: summary.architecture,
  });
  if (request.mode === "copy") await rename(paths.part, paths.model);
  const model = await deps.library.get(id);
  if (!model) throw new AppError("INTERNAL", `${id} was imported but can't be listed.`);
  return { model, warnings };
}

async function copyHashing(
  source: string,
  target: string,
  total: number,
  progress: (done: number, total: number) => void,
  signal: AbortSignal | undefined,
): Promise<string> {
  const hash = createHash("sha256");
  let copied = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      copied += chunk.length;
      progress(copied, total);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(createReadStream(source), meter, createWriteStream(target), ...(signal ? [{ signal }] : []));
    const handle = await open(target, "r+");
    await handle.sync().finally(() => handle.close());
  } catch (error) {
    await removeIfExists(target);
    if (signal?.aborted) throw new AppError("CANCELLED", "Import cancelled.");
    throw error;
  }
  if (copied !== total) {
    await removeIfExists(target);
    throw new AppError("MODEL_INVALID", "The file changed while it was being copied: import it again.");
  }
  return hash.digest("hex");
}
