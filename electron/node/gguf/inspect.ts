/**
 * The one way the app reads an untrusted GGUF header: in a worker thread with a heap limit, a byte budget and a
 * time budget, terminated when it overruns or when the caller cancels. Used by import, the library scan, the check
 * after a download, the fit estimates (local and remote headers) and the engine's load.
 */
import { sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { GgufModelFacts } from "./gemma2-facts.ts";
import { ggufLimits } from "./gguf-header.ts";
import { GgufProblem } from "./gguf-problem.ts";
import type { InspectAnswer, InspectMessage, InspectRequest, InspectTarget } from "./inspect-protocol.ts";

export interface InspectOptions {
  signal?: AbortSignal;
  /** Default 20 s: a real header (a few MB) reads in well under a second. */
  timeoutMs?: number;
  maxHeaderBytes?: number;
}

/** The file or URL could not be read at all; `code` is the system's (ENOENT, EACCES…) when there is one. */
export class InspectReadError extends Error {
  override name = "InspectReadError";
  constructor(
    message: string,
    readonly code: string | null,
    readonly remote: boolean,
  ) {
    super(message);
  }
}

export class InspectCancelled extends Error {
  override name = "InspectCancelled";
}

/**
 * Worker heap: the reader keeps no arrays on the heap (the vocabulary's bytes, a few MB for 256,000 tokens, are in
 * typed arrays: llama-vocabulary.ts), so a header needs a few MB; anything more is a hostile file.
 */
const workerResourceLimits = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 };

/** The worker's code: the compiled file, or under tsx (tests, the browser host) the source through tsx's loader. */
function workerEntry(): { entry: string | URL; evaluated: boolean } {
  const here = import.meta.url;
  if (here.endsWith(".ts")) {
    const source = JSON.stringify(new URL("./inspect-worker.ts", here).href);
    return { entry: `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${source}); });`, evaluated: true };
  }
  // Packaged: the worker is unpacked next to app.asar (electron-builder.yml asarUnpack), where worker threads can load it.
  const path = fileURLToPath(new URL("./inspect-worker.js", here)).replace(`${sep}app.asar${sep}`, `${sep}app.asar.unpacked${sep}`);
  return { entry: pathToFileURL(path), evaluated: false };
}

/** One worker kept warm between inspections (a library scan reads many headers); a worker that overran is never reused. */
let idleWorker: Worker | undefined;
let idleTimer: ReturnType<typeof setTimeout> | undefined;
let nextId = 1;
const idleWorkerMs = 10_000;

function takeWorker(): Worker {
  clearTimeout(idleTimer);
  const warm = idleWorker;
  idleWorker = undefined;
  if (warm) return warm.ref(), warm;
  const entry = workerEntry();
  return new Worker(entry.entry, { eval: entry.evaluated, resourceLimits: workerResourceLimits });
}

function releaseWorker(worker: Worker): void {
  if (idleWorker) {
    void worker.terminate();
    return;
  }
  // An idle worker must not keep the process alive.
  worker.unref();
  idleWorker = worker;
  idleTimer = setTimeout(() => {
    if (idleWorker === worker) idleWorker = undefined;
    void worker.terminate();
  }, idleWorkerMs);
  idleTimer.unref();
}

export function inspectGguf(target: InspectTarget, options: InspectOptions = {}): Promise<GgufModelFacts> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const request: InspectRequest = { target, timeoutMs, maxHeaderBytes: options.maxHeaderBytes ?? ggufLimits.maxHeaderBytes };
  if (options.signal?.aborted) return Promise.reject(new InspectCancelled("Inspection cancelled."));
  return new Promise<GgufModelFacts>((resolve, reject) => {
    const worker = takeWorker();
    const id = nextId++;
    let settled = false;
    const finish = (outcome: () => void, reusable: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      worker.off("message", onMessage).off("error", onError).off("exit", onExit);
      if (reusable) releaseWorker(worker);
      else void worker.terminate();
      outcome();
    };
    // The worker checks its own deadline between reads; this one also stops a worker stuck inside a read.
    const timer = setTimeout(
      () => finish(() => reject(new GgufProblem("inspection-timeout", `Reading the GGUF header took longer than ${Math.round(timeoutMs / 1000)} s.`, { seconds: Math.round(timeoutMs / 1000) })), false),
      timeoutMs + 2_000,
    );
    const onAbort = () => finish(() => reject(new InspectCancelled("Inspection cancelled.")), false);
    const onMessage = ({ id: answered, response }: InspectAnswer) => {
      if (answered !== id) return;
      finish(() => {
        if (response.ok) resolve(response.facts);
        else if ("problem" in response) reject(new GgufProblem(response.problem.reason, response.problem.message, response.problem.details));
        else reject(new InspectReadError(response.io.message, response.io.code, response.io.remote));
      }, true);
    };
    const onError = (error: Error & { code?: string }) =>
      finish(
        () =>
          reject(
            new GgufProblem("inspection-failed", `Reading the GGUF header failed (${error.code === "ERR_WORKER_OUT_OF_MEMORY" ? "it needed too much memory" : error.message}).`, {
              cause: error.code ?? error.name,
            }),
          ),
        false,
      );
    const onExit = (code: number) => finish(() => reject(new GgufProblem("inspection-failed", `Reading the GGUF header stopped (exit code ${code}).`, { cause: `exit ${code}` })), false);
    options.signal?.addEventListener("abort", onAbort, { once: true });
    worker.on("message", onMessage).on("error", onError).on("exit", onExit);
    worker.postMessage({ id, request } satisfies InspectMessage);
  });
}
