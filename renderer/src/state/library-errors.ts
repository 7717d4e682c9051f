import type { WireError } from "../../../electron/contract/errors.ts";

/**
 * What went wrong with a download or an import, from the error's code and details (main's messages are
 * English; the known cases get the UI's own words, the rest show main's message).
 */
export type LibraryProblem =
  | { kind: "offline" }
  | { kind: "disk"; needBytes: number; freeBytes: number }
  | { kind: "disk-full" }
  | { kind: "corrupt" }
  | { kind: "gated" }
  | { kind: "not-gguf"; message: string }
  | { kind: "not-found"; message: string }
  | { kind: "other"; message: string };

function numberDetail(error: WireError, name: string): number | undefined {
  const value = error.details?.[name];
  return typeof value === "number" ? value : undefined;
}

export function classifyProblem(error: WireError): LibraryProblem {
  const details = error.details ?? {};
  if (details["offline"] === true) return { kind: "offline" };
  if (details["needsToken"] === true) return { kind: "gated" };
  const needBytes = numberDetail(error, "needBytes");
  const freeBytes = numberDetail(error, "freeBytes");
  if (details["reason"] === "disk-space" && needBytes !== undefined && freeBytes !== undefined) return { kind: "disk", needBytes, freeBytes };
  if (details["reason"] === "disk-full") return { kind: "disk-full" };
  if (error.code === "MODEL_INVALID" && details["reason"] === "sha256-mismatch") return { kind: "corrupt" };
  if (error.code === "MODEL_INVALID") return { kind: "not-gguf", message: error.message };
  if (error.code === "NOT_FOUND") return { kind: "not-found", message: error.message };
  return { kind: "other", message: error.message };
}

/** Retry makes sense: anything but a request that would be refused again as is. */
export function canRetry(problem: LibraryProblem): boolean {
  return problem.kind !== "not-found" && problem.kind !== "not-gguf";
}
