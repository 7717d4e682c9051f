import type { GgufProblemReason } from "../../common/contract/errors.ts";
import type { GgufModelFacts } from "./gemma2-facts.ts";
import type { GgufProblemDetails } from "./gguf-problem.ts";

export type InspectTarget = { kind: "file"; path: string } | { kind: "url"; url: string; headers: Record<string, string> };

export interface InspectRequest {
  target: InspectTarget;
  maxHeaderBytes: number;
  timeoutMs: number;
}

export interface InspectMessage {
  id: number;
  request: InspectRequest;
}

export type InspectResponse =
  | { ok: true; facts: GgufModelFacts }
  | { ok: false; problem: { reason: GgufProblemReason; message: string; details: GgufProblemDetails } }
  /** The file or URL could not be read at all (missing file, network down, no range support). */
  | { ok: false; io: { message: string; code: string | null; remote: boolean } };

export interface InspectAnswer {
  id: number;
  response: InspectResponse;
}
