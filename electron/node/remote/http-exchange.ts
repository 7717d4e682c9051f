/**
 * One HTTP request to a remote server with every bound a hostile or dying server needs: a connect timeout, a
 * first-byte timeout (headers; for a streamed chat that is the first token), an idle timeout between body chunks, a
 * cap on the bytes read, cancellation by an AbortSignal, and no redirects followed. node:http rather than fetch, so
 * each bound is ours and a cancelled request closes its socket at once (the server sees the client go and stops).
 */
import http from "node:http";
import https from "node:https";
import { RemoteError, quoteServerText } from "./remote-errors.ts";
import type { RemoteAddress } from "./remote-url.ts";

export interface ExchangeBounds {
  connectMs: number;
  firstByteMs: number;
  idleMs: number;
  maxBodyBytes: number;
}

export interface ExchangeRequest {
  address: RemoteAddress;
  url: URL;
  method: "GET" | "POST";
  apiKey?: string | undefined;
  json?: unknown;
  accept: string;
  bounds: ExchangeBounds;
  signal?: AbortSignal | undefined;
}

export interface Exchange {
  status: number;
  /** The media type, lower case, without parameters ("" when the server sent none). */
  mediaType: string;
  /** The body in chunks as they arrive, bounded; throws a RemoteError (or the signal's reason once cancelled). */
  body: AsyncGenerator<Buffer, void, undefined>;
  /** Closes the connection (a finished or abandoned exchange). */
  close(): void;
}

const connectionFailureCodes = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "ENETUNREACH", "EHOSTUNREACH", "ENETDOWN"]);

function describeNodeError(error: unknown, request: ExchangeRequest, responded: boolean): RemoteError {
  if (error instanceof RemoteError) return error;
  const { origin } = request.address;
  const code = (error as { code?: unknown } | null)?.code;
  const codeText = typeof code === "string" ? code : "";
  if (connectionFailureCodes.has(codeText)) return new RemoteError("unreachable", `Can't connect to ${origin} (${codeText}).`, origin);
  if (/^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)/.test(codeText)) {
    return new RemoteError("unreachable", `The secure connection to ${origin} failed (${codeText}).`, origin);
  }
  const how = responded ? "before the answer was complete" : "without answering";
  return new RemoteError("disconnected", `${origin} closed the connection ${how}${codeText ? ` (${codeText})` : ""}.`, origin);
}

export function openExchange(request: ExchangeRequest): Promise<Exchange> {
  const { url, bounds, signal, address } = request;
  const origin = address.origin;
  if (signal?.aborted) return Promise.reject(signal.reason);
  const payload = request.json === undefined ? undefined : Buffer.from(JSON.stringify(request.json), "utf8");
  const headers: Record<string, string> = { accept: request.accept, "user-agent": "EdgeGemma" };
  if (payload) Object.assign(headers, { "content-type": "application/json", "content-length": String(payload.length) });
  if (request.apiKey) headers.authorization = `Bearer ${request.apiKey}`;

  return new Promise<Exchange>((resolve, reject) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    let timedOut: RemoteError | undefined;
    const arm = (ms: number, failure: () => RemoteError) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = failure();
        req.destroy(timedOut);
      }, ms);
    };
    const transport = url.protocol === "https:" ? https : http;
    // agent: false — a fresh connection per request, so closing it never disturbs another and no socket outlives it.
    const req = transport.request(url, { method: request.method, headers, agent: false });
    const onAbort = () => req.destroy(signal?.reason as Error);
    signal?.addEventListener("abort", onAbort, { once: true });
    const cleanup = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };

    arm(bounds.connectMs, () => new RemoteError("connect-timeout", `${origin} did not accept a connection within ${bounds.connectMs / 1000} s.`, origin));
    req.once("socket", (socket) => {
      socket.once(url.protocol === "https:" ? "secureConnect" : "connect", () => {
        if (!settled) arm(bounds.firstByteMs, () => new RemoteError("first-byte-timeout", `${origin} did not answer within ${bounds.firstByteMs / 1000} s.`, origin));
      });
    });
    req.once("error", (error) => {
      if (settled) return;
      settled = true;
      cleanup();
      reject(signal?.aborted ? signal.reason : describeNodeError(error, request, false));
    });
    req.once("response", (res) => {
      settled = true;
      clearTimeout(timer);
      const mediaType = (res.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
      if (res.statusCode !== undefined && res.statusCode >= 300 && res.statusCode < 400) {
        cleanup();
        req.destroy();
        const location = quoteServerText(String(res.headers.location ?? "elsewhere"), request.apiKey);
        reject(new RemoteError("redirected", `${origin} redirected the request to ${location}; redirects are not followed (check the server address).`, origin, res.statusCode));
        return;
      }
      async function* body(): AsyncGenerator<Buffer, void, undefined> {
        const chunks = res[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
        let received = 0;
        try {
          for (;;) {
            arm(bounds.idleMs, () => new RemoteError("idle-timeout", `${origin} sent nothing for ${bounds.idleMs / 1000} s.`, origin));
            let next: IteratorResult<Buffer>;
            try {
              next = await chunks.next();
            } catch (error) {
              throw signal?.aborted ? signal.reason : (timedOut ?? describeNodeError(error, request, true));
            } finally {
              clearTimeout(timer);
            }
            if (next.done) return;
            received += next.value.length;
            if (received > bounds.maxBodyBytes) {
              throw new RemoteError("too-large", `${origin} sent more than ${bounds.maxBodyBytes} bytes; the rest was not read.`, origin);
            }
            yield next.value;
          }
        } finally {
          cleanup();
          req.destroy();
        }
      }
      resolve({ status: res.statusCode ?? 0, mediaType, body: body(), close: () => (cleanup(), req.destroy()) });
    });
    req.end(payload);
  });
}

/** Reads a whole (small) body, at most `maxBytes` of it. */
export async function readWholeBody(exchange: Exchange, maxBytes: number, origin: string): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of exchange.body) {
    size += chunk.length;
    if (size > maxBytes) {
      exchange.close();
      throw new RemoteError("too-large", `${origin} sent more than ${maxBytes} bytes; the rest was not read.`, origin);
    }
    parts.push(chunk);
  }
  return Buffer.concat(parts).toString("utf8");
}
