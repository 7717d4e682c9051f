import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";

/** A request body larger than this is refused (413) before it is read whole. A full 8K-token chat is far smaller. */
export const maxBodyBytes = 4 * 1024 * 1024;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The body parsed as JSON, or an HttpError saying what is wrong with it. An empty body is `undefined`. */
export async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const declared = Number(request.headers["content-length"]);
  if (declared > maxBodyBytes) throw new HttpError(413, `request body too large: ${declared} bytes (at most ${maxBodyBytes})`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) throw new HttpError(413, `request body too large (at most ${maxBodyBytes} bytes)`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `invalid JSON in the request body: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text), ...headers });
  response.end(text);
}

export function sendText(response: ServerResponse, status: number, text: string, method: string): void {
  response.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
  response.end(method === "HEAD" ? undefined : text);
}

/** Aborted when the client goes away before its answer has been sent in full. */
export function clientGone(response: ServerResponse): AbortSignal {
  const controller = new AbortController();
  response.once("close", () => {
    if (!response.writableFinished) controller.abort();
  });
  return controller.signal;
}

/** The request's JSON body checked against `schema`; a missing or refused body is a 400 naming the first bad field. */
export async function readValidBody<S extends z.ZodType>(request: IncomingMessage, schema: S): Promise<z.infer<S>> {
  const raw = await readJsonBody(request);
  if (raw === undefined) throw new HttpError(400, "missing request body");
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HttpError(400, `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}
