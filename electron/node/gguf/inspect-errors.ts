import { AppError } from "../../common/contract/errors.ts";
import { GgufProblem } from "./gguf-problem.ts";
import { InspectCancelled, InspectReadError } from "./inspect.ts";

/**
 * An inspection failure as the AppError the user sees: a malformed file is MODEL_INVALID with `details.reason` (the
 * stable code the UI words in each language) and the specifics; cancellation is CANCELLED; an unreadable file is
 * `missingCode` (the library says NOT_FOUND, the engine MODEL_NOT_FOUND).
 */
export function inspectionError(error: unknown, filePath: string, missingCode: "NOT_FOUND" | "MODEL_NOT_FOUND"): AppError {
  if (error instanceof AppError) return error;
  const fileName = filePath.split(/[\\/]/).pop() ?? filePath;
  if (error instanceof GgufProblem)
    return new AppError("MODEL_INVALID", `${fileName}: ${error.message}`, { ...error.details, reason: error.reason, path: filePath });
  if (error instanceof InspectCancelled) return new AppError("CANCELLED", "Cancelled.");
  if (error instanceof InspectReadError) {
    if (error.code === "ENOENT") return new AppError(missingCode, `Model file not found: ${filePath}`, { path: filePath });
    if (error.code === "EISDIR" || error.code === "ENOTFILE") return new AppError("BAD_REQUEST", `${filePath} is not a file.`, { path: filePath });
    return new AppError(missingCode, `${filePath} can't be read (${error.code ?? error.message}).`, { path: filePath });
  }
  return new AppError("INTERNAL", error instanceof Error ? error.message : String(error));
}
