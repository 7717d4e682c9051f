import { z } from "zod";

export const errorCodes = [
  "MODEL_NOT_FOUND",
  "MODEL_INVALID",
  "MODEL_NOT_LOADED",
  "OUT_OF_MEMORY",
  "ENGINE_CRASHED",
  "ENGINE_BUSY",
  /** The engine made no progress within its bound (a hung load or generation): it was killed. */
  "ENGINE_STALLED",
  /** A chat no longer fits in the context and the settings say to stop rather than leave messages out. */
  "CONTEXT_FULL",
  "CANCELLED",
  "BAD_REQUEST",
  /** A client asked more of a connection than its limits allow. */
  "RATE_LIMITED",
  "NOT_FOUND",
  "UNAVAILABLE",
  "INTERNAL",
] as const;

export const errorCodeSchema = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/**
 * Why a GGUF file was refused (`details.reason` of a MODEL_INVALID error), from import, the library scan, a finished
 * download's check and the engine's load alike. The details name the specifics (which count, which key, where the
 * file ends); the renderer words each reason in the user's language (renderer/src/i18n, "gguf.*").
 */
export const ggufProblemReasons = [
  "not-gguf",
  "unsupported-version",
  "impossible-count",
  "truncated",
  "bad-value-type",
  "invalid-value",
  "invalid-tensor",
  "header-too-large",
  "missing-hyperparameter",
  "unsupported-architecture",
  "inspection-timeout",
  "inspection-failed",
] as const;
export type GgufProblemReason = (typeof ggufProblemReasons)[number];

export function isGgufProblemReason(value: unknown): value is GgufProblemReason {
  return typeof value === "string" && (ggufProblemReasons as readonly string[]).includes(value);
}

/** Longer messages are cut by `toWire`, so an error always fits the wire and its request is always answered. */
export const maxErrorMessageLength = 20_000;

export const wireErrorSchema = z.strictObject({
  code: errorCodeSchema,
  message: z.string().max(maxErrorMessageLength),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
});
export type WireError = z.infer<typeof wireErrorSchema>;

/** An error that crosses process boundaries as `{code, message}` and is rebuilt on the other side. */
export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: WireError["details"],
  ) {
    super(message);
  }

  toWire(): WireError {
    const message = this.message.length <= maxErrorMessageLength ? this.message : `${this.message.slice(0, maxErrorMessageLength - 1)}…`;
    return this.details === undefined ? { code: this.code, message } : { code: this.code, message, details: this.details };
  }

  static fromWire(wire: WireError): AppError {
    return new AppError(wire.code, wire.message, wire.details);
  }
}

export function isAppError(error: unknown, code?: ErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}

/** Turns anything thrown into an AppError, keeping a known code and defaulting to INTERNAL. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof Error) return new AppError("INTERNAL", error.message);
  return new AppError("INTERNAL", String(error));
}
