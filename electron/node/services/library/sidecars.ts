/**
 * What the models folder holds besides the GGUFs:
 * - `<file>.part` + `<file>.part.json` while downloading: the partial bytes and what they must become
 *   (source, sha256, size). Together they are the whole download state, so a restart or a power cut resumes.
 * - `<file>.json` next to an installed model: where it came from, its SHA-256, size and date.
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { filePathSchema } from "../../../common/contract/chat-types.ts";
import {
  foundInSchema,
  hfRepoSchema,
  modelFileNameSchema,
  ollamaNamePartSchema,
  remoteSourceSchema,
  sha256Schema,
  variantIdSchema,
} from "../../../common/contract/app/library.ts";
import { fileSize, readJsonFile, writeJsonAtomic } from "./fs-utils.ts";

export const partialDownloadSchema = z.strictObject({
  version: z.literal(2),
  id: variantIdSchema,
  variantId: variantIdSchema.nullable(),
  source: remoteSourceSchema,
  /** The endpoint (Hugging Face, a mirror, or the Ollama registry) when the download started. */
  endpoint: z.string().max(500),
  /** Its name in the models folder. */
  file: modelFileNameSchema,
  sha256: sha256Schema,
  sizeBytes: z.number().int().positive(),
  /** True when sha256 and size are the catalog's pinned values (not what a server announced). */
  pinned: z.boolean(),
  commit: z.string().max(100).nullable(),
  startedAt: z.number(),
});
export type PartialDownload = z.infer<typeof partialDownloadSchema>;

const headerFields = {
  quantization: z.string().max(50).nullable(),
  architecture: z.string().max(100).nullable(),
};

export const modelSidecarSchema = z.discriminatedUnion("source", [
  z.strictObject({
    version: z.literal(1),
    source: z.literal("huggingface"),
    endpoint: z.string().max(500),
    repo: hfRepoSchema,
    file: modelFileNameSchema,
    commit: z.string().max(100).nullable(),
    variantId: variantIdSchema.nullable(),
    sha256: sha256Schema,
    sizeBytes: z.number().int().nonnegative(),
    downloadedAt: z.number(),
    ...headerFields,
  }),
  z.strictObject({
    version: z.literal(1),
    source: z.literal("ollama"),
    endpoint: z.string().max(500),
    model: ollamaNamePartSchema,
    tag: ollamaNamePartSchema,
    variantId: variantIdSchema.nullable(),
    sha256: sha256Schema,
    sizeBytes: z.number().int().nonnegative(),
    downloadedAt: z.number(),
    ...headerFields,
  }),
  z.strictObject({
    version: z.literal(1),
    source: z.literal("import"),
    originalPath: filePathSchema,
    /** Registered in place: the model stays at `originalPath` and only this sidecar lives in the models folder. */
    inPlace: z.boolean(),
    /** Found in another program's store (Ollama, the Hugging Face cache): used in place, only ever forgotten. */
    foundIn: foundInSchema.optional(),
    sha256: sha256Schema,
    sizeBytes: z.number().int().nonnegative(),
    importedAt: z.number(),
    ...headerFields,
  }),
]);
export type ModelSidecar = z.infer<typeof modelSidecarSchema>;

export const partSuffix = ".part";
export const partialStateSuffix = ".part.json";
export const sidecarSuffix = ".json";

export function modelPaths(modelsDir: string, file: string) {
  const model = path.join(modelsDir, file);
  return {
    model,
    part: model + partSuffix,
    partialState: model + partialStateSuffix,
    sidecar: model + sidecarSuffix,
  };
}

export const readPartialDownload = (file: string) => readJsonFile(file, partialDownloadSchema);
export const writePartialDownload = (file: string, state: PartialDownload) => writeJsonAtomic(file, state);
export const readModelSidecar = (file: string) => readJsonFile(file, modelSidecarSchema);
export const writeModelSidecar = (file: string, sidecar: ModelSidecar) => writeJsonAtomic(file, sidecar);

/** The interrupted downloads in the models folder: their state and how many bytes their `.part` holds. */
export async function listPartialDownloads(modelsDir: string): Promise<{ state: PartialDownload; partBytes: number }[]> {
  const names = await readdir(modelsDir).catch(() => []);
  const found: { state: PartialDownload; partBytes: number }[] = [];
  for (const name of names.filter((candidate) => candidate.endsWith(partialStateSuffix))) {
    const state = await readPartialDownload(path.join(modelsDir, name));
    if (!state || `${state.file}${partialStateSuffix}` !== name) continue;
    found.push({ state, partBytes: (await fileSize(modelPaths(modelsDir, state.file).part)) ?? 0 });
  }
  return found;
}
