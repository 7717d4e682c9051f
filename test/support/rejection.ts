import { isAppError, type AppError } from "../../electron/common/contract/errors.ts";

/** The AppError a promise rejects with; anything else (a resolve, a plain Error) fails the test. */
export async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  if (!isAppError(error)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}
