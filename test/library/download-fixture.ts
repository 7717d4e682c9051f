/** A fake Hugging Face serving the generated model, a temp models folder, and download services wired to both. */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { DownloadJob } from "../../electron/common/contract/app/library.ts";
import { createDownloadService, type DownloadService, type DownloadServiceOptions } from "../../electron/node/services/library/download-service.ts";
import { startHfServer, type HfFile, type HfTestServer } from "../support/hf-server.ts";
import { testModel } from "../support/hf/test-model.ts";

export const repo = "bartowski/gemma-2-2b-it-GGUF";
export const fileName = "gemma-2-2b-it-Q4_0.gguf";
export const jobId = "gemma-2-2b-it-Q4_0";
/** A Hugging Face source for `DownloadRequest.source` (the file keeps its name in the models folder). */
export const hfSource = (repoName: string, path: string) => ({ kind: "huggingface" as const, repo: repoName, path });

export interface DownloadFixture {
  server: HfTestServer;
  file: HfFile;
  modelsDir: string;
  services: DownloadService[];
  token: { value: string | undefined };
  createService(overrides?: Partial<DownloadServiceOptions>): DownloadService;
  cleanup(): Promise<void>;
}

export async function createDownloadFixture(): Promise<DownloadFixture> {
  const server = await startHfServer();
  const model = await testModel("q4_0");
  const file = server.addFile(repo, fileName, model.data);
  const modelsDir = await mkdtemp(path.join(os.tmpdir(), "edge-gemma-library-"));
  const services: DownloadService[] = [];
  const token: { value: string | undefined } = { value: undefined };
  return {
    server,
    file,
    modelsDir,
    services,
    token,
    createService(overrides = {}) {
      const service = createDownloadService({
        modelsDir,
        fetch: globalThis.fetch,
        now: Date.now,
        freeDiskBytes: async () => 1e12,
        getEndpoint: () => server.endpoint,
        getToken: async () => token.value,
        connectTimeoutMs: 10_000,
        idleTimeoutMs: 10_000,
        retryDelayMs: () => 10,
        progressIntervalMs: 50,
        diskReserveBytes: 0,
        ...overrides,
      });
      services.push(service);
      return service;
    },
    async cleanup() {
      await Promise.all(services.map((service) => service.close()));
      await server.close();
      await rm(modelsDir, { recursive: true, force: true });
    },
  };
}

/**
 * Resolves with the first snapshot of `id` that satisfies `done`, from events or from polling `list()` (progress
 * events are rate-limited, so a state can be missed between them); rejects after `timeoutMs` with what it saw last.
 */
export function waitForJob(
  service: DownloadService,
  id: string,
  done: (job: DownloadJob) => boolean,
  timeoutMs = 30_000,
): Promise<DownloadJob> {
  return new Promise((resolve, reject) => {
    let last: DownloadJob | undefined;
    const check = (job: DownloadJob | undefined) => {
      if (!job || job.id !== id) return;
      last = job;
      if (!done(job)) return;
      finish();
      resolve(job);
    };
    const stop = service.onProgress(check);
    const poll = setInterval(() => check(service.list().find((job) => job.id === id)), 10);
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`Timed out waiting for download ${id}; last seen: ${JSON.stringify(last)}`));
    }, timeoutMs);
    function finish() {
      stop();
      clearInterval(poll);
      clearTimeout(timer);
    }
    check(service.list().find((job) => job.id === id));
  });
}

export const isSettled = (job: DownloadJob) => ["completed", "failed", "paused", "cancelled"].includes(job.state);
