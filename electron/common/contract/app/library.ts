import { z } from "zod";
import { filePathSchema } from "../chat-types.ts";
import { wireErrorSchema } from "../errors.ts";
import { loadValueSchemas } from "../ranges.ts";

/** Renderer ↔ main schemas of the model library: catalog with RAM fit, installed models, downloads, device info. */

export const gemmaTermsUrl = "https://ai.google.dev/gemma/terms";

const bytesSchema = z.number().int().nonnegative();
export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, "64 lowercase hex digits");
export const hfRepoSchema = z.string().max(200).regex(/^[\w.-]+\/[\w.-]+$/, "owner/name");
/** A plain `.gguf` file name: no folders, no leading dot. */
export const modelFileNameSchema = z
  .string()
  .max(200)
  .regex(/^\w[\w.-]*\.gguf$/, "a .gguf file name without folders");
/** Installed models are identified by their file name in the models folder. */
export const modelIdSchema = modelFileNameSchema;
export const variantIdSchema = z.string().min(1).max(100).regex(/^[\w.-]+$/, "letters, digits, '.', '-' and '_' only");
/** An Ollama registry model name or tag (types/model/name.go: letters, digits, '_', '-', '.'). */
export const ollamaNamePartSchema = z.string().min(1).max(80).regex(/^[A-Za-z0-9][\w.-]*$/, "an Ollama model name or tag");
/** `sha256:<hex>`, as Ollama manifests name their layers. */
export const ollamaDigestSchema = z.string().regex(/^sha256:[0-9a-f]{64}$/, "sha256:<64 lowercase hex digits>");

/** Where a catalog file is published: a Hugging Face repository file, or an Ollama registry model's GGUF layer. */
export const remoteSourceSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("huggingface"), repo: hfRepoSchema, path: modelFileNameSchema }),
  z.strictObject({ kind: z.literal("ollama"), model: ollamaNamePartSchema, tag: ollamaNamePartSchema }),
]);
export type RemoteSource = z.infer<typeof remoteSourceSchema>;

/** "bartowski/gemma-2-2b-it-GGUF/gemma-2-2b-it-Q8_0.gguf" or "gemma2:2b" (Ollama's own spelling). */
export function describeRemoteSource(source: RemoteSource): string {
  return source.kind === "huggingface" ? `${source.repo}/${source.path}` : `${source.model}:${source.tag}`;
}

export const catalogQuantizations = ["Q4_0", "Q4_K_M", "Q5_K_M", "Q6_K", "Q8_0"] as const;
export const quantizationSchema = z.enum(catalogQuantizations);
export type Quantization = z.infer<typeof quantizationSchema>;

/** The hyperparameters needed to estimate RAM offline (weights come from the file size). */
export const modelShapeSchema = z.strictObject({
  architecture: z.literal("gemma2"),
  parameters: z.number().int().positive(),
  layers: z.number().int().positive(),
  headCount: z.number().int().positive(),
  kvHeads: z.number().int().positive(),
  headSize: z.number().int().positive(),
  embeddingLength: z.number().int().positive(),
  feedForwardLength: z.number().int().positive(),
  vocabularySize: z.number().int().positive(),
  /** Every other layer (llama.cpp's gemma2 pattern) only attends to this many recent tokens. */
  slidingWindow: z.number().int().nonnegative(),
  trainContextSize: z.number().int().positive(),
});
export type ModelShape = z.infer<typeof modelShapeSchema>;

export const catalogVariantSchema = z.strictObject({
  id: variantIdSchema,
  modelId: variantIdSchema,
  modelName: z.string().min(1).max(100),
  source: remoteSourceSchema,
  /** The name it gets in the models folder. */
  file: modelFileNameSchema,
  quantization: quantizationSchema,
  /** Exact, as published; the download must match it and the SHA-256 byte for byte. */
  sizeBytes: z.number().int().positive(),
  sha256: sha256Schema,
  /** The published listing the size and SHA-256 were taken from. */
  listingUrl: z.url({ protocol: /^https$/ }),
  note: z.string().min(1).max(300),
  termsUrl: z.url(),
  shape: modelShapeSchema,
});
export type CatalogVariant = z.infer<typeof catalogVariantSchema>;

export const fitVerdictSchema = z.enum(["fits", "tight", "wont-fit"]);
export type FitVerdict = z.infer<typeof fitVerdictSchema>;

export const fitAssessmentSchema = z.strictObject({
  verdict: fitVerdictSchema,
  /** The context size the verdict and the byte figures are for. */
  contextSize: z.number().int().positive(),
  /** Largest context size that fits with headroom, or null when none does. */
  fittingContextSize: z.number().int().positive().nullable(),
  needBytes: bytesSchema,
  weightsBytes: bytesSchema,
  /** KV cache + compute buffers for `contextSize`. */
  contextBytes: bytesSchema,
  appOverheadBytes: bytesSchema,
  headroomBytes: bytesSchema,
  totalRamBytes: bytesSchema,
  availableRamBytes: bytesSchema.nullable(),
  /** "gguf-header": from the real header (tensor data + declared hyper-parameters); "catalog": offline, from the catalog's shape. */
  estimateSource: z.enum(["gguf-header", "catalog"]),
});
export type FitAssessment = z.infer<typeof fitAssessmentSchema>;

export const catalogItemSchema = z.strictObject({
  variant: catalogVariantSchema,
  fit: fitAssessmentSchema,
  recommended: z.boolean(),
  installed: z.boolean(),
});
export type CatalogItem = z.infer<typeof catalogItemSchema>;

/** Why the recommended file (see electron/node/services/library/recommendation.ts); the banner words it. */
export const recommendationExplanationSchema = z.strictObject({
  recommendedId: variantIdSchema,
  cpu: z.strictObject({
    arch: z.string().max(50),
    cores: z.number().int().positive().nullable(),
    model: z.string().max(200).nullable(),
    board: z.string().max(200).nullable(),
  }),
  needBytes: bytesSchema,
  contextSize: z.number().int().positive(),
  fittingContextSize: z.number().int().positive(),
  /** How it won among the files of its model size. */
  choice: z.enum(["q4_0-on-arm", "best-quality-that-fits", "only-one-that-fits"]),
  /** The smallest-need file of a bigger model, and why it lost: its fit. */
  biggerModel: z
    .strictObject({ variantId: variantIdSchema, needBytes: bytesSchema, verdict: fitVerdictSchema, fittingContextSize: z.number().int().positive().nullable() })
    .nullable(),
  runnerUp: z
    .strictObject({
      variantId: variantIdSchema,
      needBytes: bytesSchema,
      trade: z.enum(["higher-quality-slower-prompts", "higher-quality", "lower-quality", "smaller-model"]),
    })
    .nullable(),
});
export type RecommendationExplanation = z.infer<typeof recommendationExplanationSchema>;

export const catalogListingSchema = z.strictObject({
  termsUrl: z.url(),
  items: z.array(catalogItemSchema),
  recommendedId: variantIdSchema.nullable(),
  explanation: recommendationExplanationSchema.nullable(),
  totalRamBytes: bytesSchema,
  availableRamBytes: bytesSchema.nullable(),
});
export type CatalogListing = z.infer<typeof catalogListingSchema>;

/** Another program's model folder on this machine, whose GGUFs the Library can use in place. */
export const localStoreSchema = z.enum(["ollama", "huggingface-cache"]);
export type LocalStore = z.infer<typeof localStoreSchema>;
/** Where a model used in place was found: the store, its name there (`gemma2:2b`, `org/repo · file`), the store's folder. */
export const foundInSchema = z.strictObject({ store: localStoreSchema, name: z.string().max(300), storeRoot: filePathSchema });
export type FoundIn = z.infer<typeof foundInSchema>;

export const foundModelSchema = z.strictObject({
  ...foundInSchema.shape,
  /** Further names for the same file (`gemma2:latest` beside `gemma2:2b`). */
  otherNames: z.array(z.string().max(300)).max(50),
  /** The GGUF itself (a blob), which stays where it is. */
  path: filePathSchema,
  sizeBytes: bytesSchema,
  quantization: z.string().max(50).nullable(),
  /** The SHA-256 the store records for the file (Ollama's digest, the Hub cache's blob name), checked before use. */
  sha256: sha256Schema.nullable(),
  catalogId: variantIdSchema.nullable(),
});
export type FoundModel = z.infer<typeof foundModelSchema>;

export const modelSourceSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("huggingface"), endpoint: z.string().max(500), repo: hfRepoSchema, file: modelFileNameSchema }),
  z.strictObject({ kind: z.literal("ollama"), endpoint: z.string().max(500), model: ollamaNamePartSchema, tag: ollamaNamePartSchema }),
  z.strictObject({ kind: z.literal("import"), originalPath: filePathSchema, foundIn: foundInSchema.optional() }),
  z.strictObject({ kind: z.literal("unknown") }),
]);

export const installedModelSchema = z.strictObject({
  id: modelIdSchema,
  path: filePathSchema,
  sizeBytes: bytesSchema,
  quantization: z.string().max(50).nullable(),
  architecture: z.string().max(100).nullable(),
  source: modelSourceSchema,
  sha256: sha256Schema.nullable(),
  /** When it was downloaded or imported (ms since epoch); null for a file dropped in by hand. */
  addedAt: z.number().nullable(),
  /** Registered where it lies (an import "in place") rather than stored in the models folder. */
  inPlace: z.boolean(),
  catalogId: variantIdSchema.nullable(),
});
export type InstalledModel = z.infer<typeof installedModelSchema>;

export const downloadStateSchema = z.enum(["queued", "downloading", "verifying", "paused", "failed", "completed", "cancelled"]);
export type DownloadState = z.infer<typeof downloadStateSchema>;

export const downloadJobSchema = z.strictObject({
  id: variantIdSchema,
  variantId: variantIdSchema.nullable(),
  source: remoteSourceSchema,
  file: modelFileNameSchema,
  state: downloadStateSchema,
  receivedBytes: bytesSchema,
  totalBytes: bytesSchema.nullable(),
  bytesPerSecond: z.number().nonnegative().nullable(),
  etaSeconds: z.number().nonnegative().nullable(),
  error: wireErrorSchema.nullable(),
  /** A try failed and the next is scheduled: while downloading, the Library shows why, which try and when. */
  retry: z
    .strictObject({
      attempt: z.number().int().positive(),
      maxAttempts: z.number().int().positive(),
      /** ms since the epoch. */
      nextAttemptAt: z.number(),
      /** Failing tries in a row give up within this (stated in the UI and the README). */
      giveUpWithinSeconds: z.number().nonnegative(),
      error: wireErrorSchema,
    })
    .nullable(),
});
export type DownloadJob = z.infer<typeof downloadJobSchema>;

const throttleFlagsSchema = z.strictObject({
  underVoltage: z.boolean(),
  armFrequencyCapped: z.boolean(),
  throttled: z.boolean(),
  softTemperatureLimit: z.boolean(),
});

export const deviceInfoSchema = z.strictObject({
  /** null means "unknown" everywhere in this object. */
  totalRamBytes: bytesSchema.nullable(),
  availableRamBytes: bytesSchema.nullable(),
  cpuModel: z.string().max(200).nullable(),
  cpuCores: z.number().int().positive().nullable(),
  arch: z.string().max(50),
  boardModel: z.string().max(200).nullable(),
  temperatureCelsius: z.number().nullable(),
  throttling: z
    .strictObject({ raw: z.string().max(20), now: throttleFlagsSchema, sinceBoot: throttleFlagsSchema })
    .nullable(),
});
export type DeviceInfo = z.infer<typeof deviceInfoSchema>;

/** What `library.installed` answers. */
export const installedListingSchema = z.strictObject({
  models: z.array(installedModelSchema),
  modelsFolderBytes: bytesSchema,
  freeDiskBytes: bytesSchema.nullable(),
  activeId: modelIdSchema.nullable(),
});
export type InstalledListing = z.infer<typeof installedListingSchema>;

/** "copy": into the models folder; "in-place": used where it is (never moved or deleted). */
export const importModeSchema = z.enum(["copy", "in-place"]);
export type ImportMode = z.infer<typeof importModeSchema>;

/** An imported (or uploaded, or found and adopted) model, and what the checks noticed about it. */
export const importResultSchema = z.strictObject({ model: installedModelSchema, warnings: z.array(z.string().max(1000)) });
export type ImportResult = z.infer<typeof importResultSchema>;

const byModelId = z.strictObject({ id: modelIdSchema });
const byJobId = z.strictObject({ id: variantIdSchema });

export const libraryMethods = {
  /** The catalog with the RAM fit of every variant on this device and the recommended one. */
  "library.catalog": {
    params: z.strictObject({ contextSize: loadValueSchemas.contextSize.optional() }),
    result: catalogListingSchema,
  },
  /**
   * The one way the Library goes online on its own: reads each catalog file's GGUF header from the endpoint
   * (a few MB each) so the fit figures come from the real files. Only on the user's "Check online".
   */
  "library.checkOnline": { params: z.strictObject({}), result: z.strictObject({ headersRead: z.number().int().nonnegative() }) },
  "library.installed": {
    params: z.strictObject({}),
    result: installedListingSchema,
  },
  /** Deletes a downloaded/copied model (an in-place import is only unregistered: 0 bytes freed). */
  "library.delete": { params: byModelId, result: z.strictObject({ freedBytes: bytesSchema }) },
  "library.setActive": {
    params: z.strictObject({ id: modelIdSchema.nullable() }),
    result: z.strictObject({ activeId: modelIdSchema.nullable(), path: filePathSchema.nullable() }),
  },
  /** Progress arrives as `library.importProgress`; cancelling the call stops the copy. */
  "library.import": {
    params: z.strictObject({ path: filePathSchema, mode: importModeSchema }),
    result: importResultSchema,
  },
  /** Gemma 2 GGUFs already in Ollama's or Hugging Face's folders on this machine (not yet in the library). */
  "library.found": { params: z.strictObject({}), result: z.strictObject({ models: z.array(foundModelSchema) }) },
  /** Checks a found model like an import and adds it to the library in place (never copied, never deleted). */
  "library.useFound": {
    params: z.strictObject({ path: filePathSchema }),
    result: importResultSchema,
  },
  "downloads.list": { params: z.strictObject({}), result: z.strictObject({ jobs: z.array(downloadJobSchema) }) },
  /**
   * The UI must have shown the Gemma terms link first. Fails fast (no job) when offline, not found, gated, out of
   * disk, or when the server announces another file than the catalog pins (changed upstream).
   */
  "downloads.start": {
    params: z.strictObject({ variantId: variantIdSchema, acceptedTerms: z.literal(true) }),
    result: downloadJobSchema,
  },
  "downloads.pause": { params: byJobId, result: downloadJobSchema },
  /** Also the "retry" of a failed download. */
  "downloads.resume": { params: byJobId, result: downloadJobSchema },
  "downloads.cancel": { params: byJobId, result: z.strictObject({ cancelled: z.boolean() }) },
  "device.info": { params: z.strictObject({}), result: deviceInfoSchema },
};

export const libraryEvents = {
  /** Every state change and, at most a few times a second, progress of a download. */
  "downloads.progress": downloadJobSchema,
  "library.changed": z.strictObject({
    reason: z.enum(["downloaded", "imported", "deleted", "active", "estimates"]),
    id: z.string().max(200).nullable(),
  }),
  "library.importProgress": z.strictObject({ path: filePathSchema, copiedBytes: bytesSchema, totalBytes: bytesSchema }),
  "device.updated": deviceInfoSchema,
};
