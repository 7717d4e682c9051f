import { connectionFailures, type ConnectionFailure, type WireError } from "../../../electron/common/contract/errors.ts";

/**
 * What went wrong with a download or an import, from the error's code and details (main's messages are
 * English; the known cases get the UI's own words, the rest show main's message).
 */
export type LibraryProblem =
  | { kind: "offline" }
  /** No HTTP answer: DNS, no route, refused, TLS, timeout, or closed without answering (main's connection-errors.ts). */
  | { kind: "connection"; reason: ConnectionFailure; host: string; code: string; timeoutSeconds: number | null }
  | { kind: "lost"; host: string; code: string }
  | { kind: "stalled"; stall: "idle" | "slow"; idleSeconds: number; floorBytesPerSecond: number; windowSeconds: number }
  | { kind: "disk"; needBytes: number; freeBytes: number }
  | { kind: "disk-full" }
  | { kind: "corrupt" }
  | { kind: "gated" }
  /** A refused GGUF file, worded by gguf-problem-text.ts. */
  | { kind: "gguf"; error: WireError }
  | { kind: "not-gguf"; message: string }
  | { kind: "not-found"; message: string }
  | { kind: "other"; message: string };

export function classifyProblem(error: WireError): LibraryProblem {
  if (error.code === "MODEL_INVALID") {
    const reason = error.details?.reason;
    if (reason === "sha256-mismatch") return { kind: "corrupt" };
    if (reason !== undefined && reason !== "load-failed") return { kind: "gguf", error };
    return { kind: "not-gguf", message: error.message };
  }
  if (error.code === "NOT_FOUND") return { kind: "not-found", message: error.message };
  if (error.code !== "UNAVAILABLE") return { kind: "other", message: error.message };
  const details = error.details ?? {};
  const { reason, host = "", code = "" } = details;
  const connection = connectionFailures.find((known) => known === reason);
  if (connection) return { kind: "connection", reason: connection, host, code, timeoutSeconds: details.timeoutSeconds ?? null };
  if (reason === "connection-lost") return { kind: "lost", host, code };
  if (reason === "stalled")
    return {
      kind: "stalled",
      stall: details.stall ?? "idle",
      idleSeconds: details.idleSeconds ?? 0,
      floorBytesPerSecond: details.floorBytesPerSecond ?? 0,
      windowSeconds: details.windowSeconds ?? 0,
    };
  if (details.offline === true) return { kind: "offline" };
  if (details.needsToken === true) return { kind: "gated" };
  if (reason === "disk-space" && details.needBytes !== undefined && details.freeBytes !== undefined)
    return { kind: "disk", needBytes: details.needBytes, freeBytes: details.freeBytes };
  if (reason === "disk-full") return { kind: "disk-full" };
  return { kind: "other", message: error.message };
}

/** Retry makes sense: anything but a request that would be refused again as is. */
export function canRetry(problem: LibraryProblem): boolean {
  return problem.kind !== "not-found" && problem.kind !== "not-gguf" && problem.kind !== "gguf";
}
