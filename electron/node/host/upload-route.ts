import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError, toAppError, type ErrorCode } from "../../common/contract/index.ts";

/** What receives an uploaded model file: the app backend's library. */
export interface UploadReceiver {
  receiveUpload(upload: { fileName: string; sizeBytes: number; body: AsyncIterable<Uint8Array>; signal: AbortSignal }): Promise<unknown>;
}

/** `PUT /upload/<file name>` with the file as the body: how a browser on the LAN imports a model. */
export const uploadPathPrefix = "/upload/";
const maxConcurrentUploads = 2;
let uploadsRunning = 0;

const statusByCode: Partial<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  MODEL_INVALID: 422,
  UNAVAILABLE: 507,
  CANCELLED: 499,
  RATE_LIMITED: 429,
};

function answer(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return void response.end();
  // An error may come before the body was read: close the connection rather than read gigabytes to keep it alive.
  response.writeHead(status, { "content-type": "application/json; charset=utf-8", ...(status >= 400 ? { connection: "close" } : {}) });
  response.end(JSON.stringify(body));
}

function refuse(response: ServerResponse, error: AppError, status = statusByCode[error.code] ?? 500): void {
  answer(response, status, { error: error.toWire() });
}

/**
 * Streams the request body to the receiver with the size it announced (Content-Length, required), only from the
 * page's own origin; a client that goes away mid-upload cancels it, and what was written is removed.
 */
export async function handleUpload(request: IncomingMessage, response: ServerResponse, receiver: UploadReceiver): Promise<void> {
  const host = request.headers.host ?? "";
  if (request.method !== "PUT") return refuse(response, new AppError("BAD_REQUEST", "Upload with PUT"), 405);
  if (request.headers.origin !== `http://${host}`) return refuse(response, new AppError("BAD_REQUEST", "Cross-origin upload refused"), 403);
  const sizeBytes = Number(request.headers["content-length"]);
  if (!Number.isSafeInteger(sizeBytes) || sizeBytes <= 0) {
    return refuse(response, new AppError("BAD_REQUEST", "An upload must say its size (Content-Length)"), 411);
  }
  let fileName: string;
  try {
    fileName = decodeURIComponent(new URL(request.url ?? "/", "http://placeholder").pathname.slice(uploadPathPrefix.length));
  } catch {
    return refuse(response, new AppError("BAD_REQUEST", "The file name is not valid percent-encoding"));
  }
  if (uploadsRunning >= maxConcurrentUploads) {
    return refuse(response, new AppError("RATE_LIMITED", `At most ${maxConcurrentUploads} uploads at a time`));
  }
  const cancel = new AbortController();
  request.once("close", () => {
    if (!request.complete) cancel.abort();
  });
  response.once("close", () => {
    if (!response.writableFinished) cancel.abort();
  });
  uploadsRunning++;
  try {
    answer(response, 200, await receiver.receiveUpload({ fileName, sizeBytes, body: request, signal: cancel.signal }));
  } catch (error) {
    refuse(response, toAppError(error));
  } finally {
    uploadsRunning--;
  }
}
