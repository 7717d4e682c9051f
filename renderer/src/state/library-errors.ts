import { isGgufProblemReason, type WireError } from "../../../electron/common/contract/errors.ts";

/**
 * What went wrong with a download or an import, from the error's code and details (main's messages are
 * English; the known cases get the UI's own words, the rest show main's message).
 */
export type LibraryProblem =
  | { kind: "offline" }
  /** No HTTP answer: DNS, no route, refused, TLS, timeout, or closed without answering (main's connection-errors.ts). */
  | { kind: "connection"; reason: ConnectionReason; host: string; code: string; timeoutSeconds: number | null }
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

export const connectionReasons = ["dns", "unreachable", "refused", "tls", "timeout", "closed-without-answer"] as const;
export type ConnectionReason = (typeof connectionReasons)[number];

function stringDetail(error: WireError, name: string): string {
  const value = error.details?.[name];
  return typeof value === "string" ? value : "";
}

function numberDetail(error: WireError, name: string): number | undefined {
  const value = error.details?.[name];
  return typeof value === "number" ? value : undefined;
}

export function classifyProblem(error: WireError): LibraryProblem {
  const details = error.details ?? {};
  const reason = details["reason"];
  const connection = connectionReasons.find((known) => known === reason);
  if (connection)
    return { kind: "connection", reason: connection, host: stringDetail(error, "host"), code: stringDetail(error, "code"), timeoutSeconds: numberDetail(error, "timeoutSeconds") ?? null };
  if (reason === "connection-lost") return { kind: "lost", host: stringDetail(error, "host"), code: stringDetail(error, "code") };
  if (reason === "stalled")
    return {
      kind: "stalled",
      stall: details["stall"] === "slow" ? "slow" : "idle",
      idleSeconds: numberDetail(error, "idleSeconds") ?? 0,
      floorBytesPerSecond: numberDetail(error, "floorBytesPerSecond") ?? 0,
      windowSeconds: numberDetail(error, "windowSeconds") ?? 0,
    };
  if (details["offline"] === true) return { kind: "offline" };
  if (details["needsToken"] === true) return { kind: "gated" };
  const needBytes = numberDetail(error, "needBytes");
  const freeBytes = numberDetail(error, "freeBytes");
  if (details["reason"] === "disk-space" && needBytes !== undefined && freeBytes !== undefined) return { kind: "disk", needBytes, freeBytes };
  if (details["reason"] === "disk-full") return { kind: "disk-full" };
  if (error.code === "MODEL_INVALID" && details["reason"] === "sha256-mismatch") return { kind: "corrupt" };
  if (error.code === "MODEL_INVALID" && isGgufProblemReason(details["reason"])) return { kind: "gguf", error };
  if (error.code === "MODEL_INVALID") return { kind: "not-gguf", message: error.message };
  if (error.code === "NOT_FOUND") return { kind: "not-found", message: error.message };
  return { kind: "other", message: error.message };
}

/** Retry makes sense: anything but a request that would be refused again as is. */
export function canRetry(problem: LibraryProblem): boolean {
  return problem.kind !== "not-found" && problem.kind !== "not-gguf" && problem.kind !== "gguf";
}
