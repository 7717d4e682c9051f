import { toAppError } from "../../common/contract/index.ts";
import { ConversationError } from "./conversation.ts";
import { HttpError } from "./http-io.ts";
import { OptionError } from "./sampling-options.ts";

/** How long a client told "busy" (503) should wait before asking again, in seconds. */
export const retryAfterSeconds = 5;

/** Any failure as an HTTP status and message; the routes put it in their API's error shape. */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof OptionError || error instanceof ConversationError) return new HttpError(400, error.message);
  const appError = toAppError(error);
  switch (appError.code) {
    case "NOT_FOUND":
    case "MODEL_NOT_FOUND":
      return new HttpError(404, appError.message);
    case "BAD_REQUEST":
    case "CONTEXT_FULL":
      return new HttpError(400, appError.message);
    case "RATE_LIMITED":
    case "ENGINE_BUSY":
    case "UNAVAILABLE":
      return new HttpError(503, appError.message, { "Retry-After": String(retryAfterSeconds) });
    case "CANCELLED":
      // Ollama's handleScheduleError answers a cancelled request with 499 "request canceled" (server/routes.go).
      return new HttpError(499, "request canceled");
    default:
      return new HttpError(500, appError.message);
  }
}
