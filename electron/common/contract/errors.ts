import { z } from "zod";
import { errorDetailsSchemas } from "./error-details.ts";

export * from "./error-details.ts";

export type ErrorCode = keyof typeof errorDetailsSchemas;
export const errorCodes = Object.keys(errorDetailsSchemas) as [ErrorCode, ...ErrorCode[]];
export const errorCodeSchema = z.enum(errorCodes);

/** The `details` an error with this code may carry. */
export type ErrorDetails<C extends ErrorCode = ErrorCode> = z.output<(typeof errorDetailsSchemas)[C]>;

/** Longer messages are cut by `toWire`, so an error always fits the wire and its request is always answered. */
export const maxErrorMessageLength = 20_000;

const message = z.string().max(maxErrorMessageLength);
const wireErrorOf = <C extends ErrorCode>(code: C) =>
  z.strictObject({ code: z.literal(code), message, details: errorDetailsSchemas[code].optional() });
/** One schema per code, so checking `code` narrows `details`. */
type WireErrorSchemas = {
  [C in ErrorCode]: z.ZodObject<{ code: z.ZodLiteral<C>; message: typeof message; details: z.ZodOptional<(typeof errorDetailsSchemas)[C]> }, z.core.$strict>;
}[ErrorCode];

/** An error as it crosses a process boundary: its code, main's English message, and the details its code allows. */
export const wireErrorSchema = z.discriminatedUnion("code", errorCodes.map(wireErrorOf) as unknown as [WireErrorSchemas, ...WireErrorSchemas[]]);
export type WireError = z.infer<typeof wireErrorSchema>;

/** An error that crosses process boundaries as `{code, message, details}` and is rebuilt on the other side. */
export class AppError<C extends ErrorCode = ErrorCode> extends Error {
  override name = "AppError";
  constructor(
    readonly code: C,
    message: string,
    readonly details?: ErrorDetails<C>,
  ) {
    super(message);
  }

  /** Details that do not fit their code's schema are left out (a bug, logged), so the request is still answered. */
  toWire(): WireError {
    const message = this.message.length <= maxErrorMessageLength ? this.message : `${this.message.slice(0, maxErrorMessageLength - 1)}…`;
    if (this.details === undefined) return { code: this.code, message } as WireError;
    const details = errorDetailsSchemas[this.code].safeParse(this.details);
    if (!details.success) {
      console.warn(`[errors] ${this.code} details left out: ${details.error.issues[0]?.message ?? "invalid"}`);
      return { code: this.code, message } as WireError;
    }
    return { code: this.code, message, details: details.data } as WireError;
  }

  static fromWire(wire: WireError): AppError {
    return new AppError<ErrorCode>(wire.code, wire.message, wire.details as ErrorDetails | undefined);
  }
}

export function isAppError<C extends ErrorCode = ErrorCode>(error: unknown, code?: C): error is AppError<C> {
  return error instanceof AppError && (code === undefined || error.code === code);
}

/** Trying again may work (`details.retryable`: a dropped connection, a damaged download); the queue retries these. */
export function isRetryable(error: unknown): error is AppError {
  if (!(error instanceof AppError)) return false;
  const details: object | undefined = error.details;
  return details !== undefined && "retryable" in details && details.retryable === true;
}

/** Turns anything thrown into an AppError, keeping a known code and defaulting to INTERNAL. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof Error) return new AppError("INTERNAL", error.message);
  return new AppError("INTERNAL", String(error));
}
