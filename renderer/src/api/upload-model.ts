import { importResultSchema, type ImportResult } from "../../../electron/common/contract/app/library.ts";
import { AppError, wireErrorSchema } from "../../../electron/common/contract/errors.ts";

/**
 * Sends a model file's bytes to the browser host (`PUT /upload/<name>`, same origin, the token cookie goes along),
 * reporting progress; aborting `signal` stops the upload and the host removes what it received. XMLHttpRequest,
 * because fetch reports no upload progress.
 */
export function uploadModelFile(file: File, onProgress: (sentBytes: number, totalBytes: number) => void, signal: AbortSignal): Promise<ImportResult> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("PUT", `/upload/${encodeURIComponent(file.name)}`);
    request.responseType = "json";
    request.upload.onprogress = (event) => onProgress(event.loaded, event.total || file.size);
    request.onload = () => {
      const body = request.response as { error?: unknown } | null;
      const result = importResultSchema.safeParse(body);
      if (request.status === 200 && result.success) return resolve(result.data);
      const error = wireErrorSchema.safeParse(body?.error);
      reject(error.success ? AppError.fromWire(error.data) : new AppError("INTERNAL", `The upload failed (HTTP ${request.status})`));
    };
    request.onerror = () => reject(new AppError("UNAVAILABLE", "The connection to Edge Gemma was lost during the upload"));
    request.onabort = () => reject(new AppError("CANCELLED", "Upload cancelled."));
    signal.addEventListener("abort", () => request.abort(), { once: true });
    request.send(file);
  });
}
