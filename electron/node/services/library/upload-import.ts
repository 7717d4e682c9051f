/**
 * Importing a GGUF a browser elsewhere on the LAN sends as bytes (it may not name files on this machine): the
 * announced size is checked against free disk first, the bytes are streamed to a hidden file in the models folder
 * while their SHA-256 is computed, and only a complete file that passes the GGUF inspection is kept.
 */
import { createHash, randomBytes } from "node:crypto";
import { open, rename } from "node:fs/promises";
import path from "node:path";
import { modelFileNameSchema } from "../../../common/contract/app/library.ts";
import { AppError } from "../../../common/contract/errors.ts";
import { ensureDiskSpace } from "./disk-space.ts";
import { fileSize, removeIfExists } from "./fs-utils.ts";
import { readGgufSummary } from "./gguf-inspect.ts";
import type { ImportResult } from "../../../common/contract/app/library.ts";
import { importedModelId, type ImportDependencies } from "./import-model.ts";
import { freeDiskBytes as statfsFreeBytes } from "./installed-models.ts";
import { modelPaths, writeModelSidecar } from "./sidecars.ts";

export interface UploadRequest {
  /** The file's name as the browser gives it (never a path on this machine). */
  fileName: string;
  /** What the client announced (Content-Length): checked against free disk before a byte is written. */
  sizeBytes: number;
  body: AsyncIterable<Uint8Array>;
  signal: AbortSignal;
}

export async function importUpload(request: UploadRequest, deps: ImportDependencies): Promise<ImportResult> {
  const fileName = path.basename(request.fileName);
  const id = modelFileNameSchema.safeParse(importedModelId(fileName));
  if (!id.success || !/\.gguf$/i.test(fileName)) throw new AppError("BAD_REQUEST", `"${fileName}" is not a .gguf file name.`);
  const paths = modelPaths(deps.modelsDir, id.data);
  for (const taken of [paths.model, paths.sidecar, paths.partialState])
    if ((await fileSize(taken)) !== undefined)
      throw new AppError("BAD_REQUEST", `A model called ${id.data} is already installed or being downloaded: rename the file or delete that one first.`);
  await ensureDiskSpace({
    freeDiskBytes: deps.freeDiskBytes ?? statfsFreeBytes,
    dir: deps.modelsDir,
    what: `an upload of ${id.data}`,
    bytes: request.sizeBytes,
    ...(deps.diskReserveBytes === undefined ? {} : { reserveBytes: deps.diskReserveBytes }),
  });

  const temp = path.join(deps.modelsDir, `.${id.data}.upload-${randomBytes(4).toString("hex")}`);
  let sha256: string;
  try {
    sha256 = await receive(request, temp);
  } catch (error) {
    await removeIfExists(temp);
    throw request.signal.aborted ? new AppError("CANCELLED", "Upload cancelled.") : error;
  }
  let summary;
  try {
    summary = await readGgufSummary(temp, { signal: request.signal });
  } catch (error) {
    await removeIfExists(temp);
    throw error;
  }
  const warnings: string[] = [];
  await writeModelSidecar(paths.sidecar, {
    version: 1,
    source: "import",
    originalPath: fileName,
    inPlace: false,
    sha256,
    sizeBytes: request.sizeBytes,
    importedAt: deps.now(),
    quantization: summary.quantization,
    architecture: summary.architecture,
  });
  await rename(temp, paths.model);
  const model = await deps.library.get(id.data);
  if (!model) throw new AppError("INTERNAL", `${id.data} was uploaded but can't be listed.`);
  return { model, warnings };
}

/** Writes the body to `temp`, exactly `sizeBytes` of it, and returns its SHA-256. */
async function receive(request: UploadRequest, temp: string): Promise<string> {
  const hash = createHash("sha256");
  let received = 0;
  const handle = await open(temp, "wx", 0o600);
  try {
    for await (const chunk of request.body) {
      if (request.signal.aborted) throw new AppError("CANCELLED", "Upload cancelled.");
      received += chunk.length;
      if (received > request.sizeBytes) throw new AppError("BAD_REQUEST", `The upload is bigger than the ${request.sizeBytes} bytes it announced.`);
      hash.update(chunk);
      await handle.write(chunk);
    }
    if (received !== request.sizeBytes || request.signal.aborted) {
      throw new AppError("CANCELLED", `The upload ended after ${received} of ${request.sizeBytes} bytes.`);
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  return hash.digest("hex");
}
