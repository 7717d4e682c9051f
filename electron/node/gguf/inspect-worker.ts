/**
 * The inspection worker: reads GGUF headers, one request at a time, and answers each with its facts or what is wrong
 * with it. It runs in a worker thread with its own heap limit, so a hostile file can't hang or bloat the process that
 * asked (inspect.ts terminates it on timeout or cancellation, and reuses it otherwise).
 */
import { parentPort } from "node:worker_threads";
import { openFileSource, openHttpSource, type ClosableByteSource } from "./byte-sources.ts";
import { gemma2Facts } from "./gemma2-facts.ts";
import { readGgufHeader } from "./gguf-header.ts";
import { GgufProblem } from "./gguf-problem.ts";
import type { InspectMessage, InspectRequest, InspectResponse } from "./inspect-protocol.ts";
import { keptArrays } from "./llama-read-keys.ts";

async function inspect(request: InspectRequest): Promise<InspectResponse> {
  let source: ClosableByteSource | undefined;
  try {
    source =
      request.target.kind === "file"
        ? await openFileSource(request.target.path)
        : await openHttpSource(request.target.url, request.target.headers);
    const budget = { maxBytes: request.maxHeaderBytes, deadline: Date.now() + request.timeoutMs, now: Date.now };
    const header = await readGgufHeader(source, budget, { keepArrays: keptArrays });
    return { ok: true, facts: gemma2Facts(header, source.size) };
  } catch (error) {
    if (error instanceof GgufProblem) return { ok: false, problem: { reason: error.reason, message: error.message, details: error.details } };
    const failure = error as { message?: unknown; code?: unknown; name?: unknown };
    return {
      ok: false,
      io: { message: String(failure.message ?? error), code: typeof failure.code === "string" ? failure.code : null, remote: failure.name === "RemoteReadError" },
    };
  } finally {
    await source?.close().catch(() => undefined);
  }
}

parentPort?.on("message", (message: InspectMessage) => {
  void inspect(message.request).then((response) => parentPort?.postMessage({ id: message.id, response }));
});
