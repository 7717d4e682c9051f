// @vitest-environment node
import { access } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createModelLibrary } from "../../electron/node/services/library/installed-models.ts";
import { createDownloadFixture, hfSource, fileName, isSettled, jobId, repo, waitForJob, type DownloadFixture } from "./download-fixture.ts";
import { rejection } from "../support/rejection.ts";


const exists = (file: string) => access(file).then(() => true, () => false);

describe("downloads that go wrong", () => {
  let fixture: DownloadFixture;
  beforeEach(async () => {
    fixture = await createDownloadFixture();
  });
  afterEach(() => fixture.cleanup());

  it("reports a SHA-256 mismatch for one flipped byte, does not install the file, and a retry works", async () => {
    fixture.server.faults.corrupt = { offset: 1000, times: 1 };
    const service = fixture.createService();
    await service.start({ source: hfSource(repo, fileName), file: fileName, variantId: jobId });
    const failed = await waitForJob(service, jobId, isSettled);
    expect(failed.state).toBe("failed");
    expect(failed.error).toMatchObject({ code: "MODEL_INVALID", details: { reason: "sha256-mismatch", expectedSha256: fixture.file.sha256 } });
    expect(failed.error?.message).toMatch(/SHA-256 does not match.*Retry/s);
    expect(await exists(path.join(fixture.modelsDir, fileName))).toBe(false);
    expect(await createModelLibrary({ modelsDir: fixture.modelsDir }).list()).toEqual([]);

    await service.resume(jobId);
    expect((await waitForJob(service, jobId, isSettled)).state).toBe("completed");
    expect(await exists(path.join(fixture.modelsDir, fileName))).toBe(true);
  });

  it("says a missing repository or file is not found", async () => {
    const service = fixture.createService();
    const noRepo = await rejection(service.start({ source: hfSource("bartowski/no-such-GGUF", fileName), file: fileName}));
    expect(noRepo).toMatchObject({ code: "NOT_FOUND", message: expect.stringMatching(/Repository bartowski\/no-such-GGUF was not found/) });
    const noFile = await rejection(service.start({ source: hfSource(repo, "gemma-2-2b-it-Q9_9.gguf"), file: "gemma-2-2b-it-Q9_9.gguf"}));
    expect(noFile).toMatchObject({ code: "NOT_FOUND", message: expect.stringMatching(/gemma-2-2b-it-Q9_9\.gguf was not found in/) });
    expect(service.list()).toEqual([]);
  });

  it("asks for a token for a gated repository and works once it has one", async () => {
    const gatedRepo = "google/gemma-2-2b-it-GGUF";
    fixture.server.addFile(gatedRepo, "gemma-2-2b-it.gguf", fixture.file.data);
    fixture.server.gateRepo(gatedRepo, "hf_test_token");
    const service = fixture.createService();
    const refused = await rejection(service.start({ source: hfSource(gatedRepo, "gemma-2-2b-it.gguf"), file: "gemma-2-2b-it.gguf"}));
    expect(refused).toMatchObject({ code: "UNAVAILABLE", details: { httpStatus: 401, hfErrorCode: "GatedRepo", needsToken: true } });
    expect(refused.message).toMatch(/gated: add a Hugging Face access token/);

    fixture.token.value = "hf_test_token";
    await service.start({ source: hfSource(gatedRepo, "gemma-2-2b-it.gguf"), file: "gemma-2-2b-it.gguf"});
    expect((await waitForJob(service, "gemma-2-2b-it", isSettled)).state).toBe("completed");
    // The token goes to the endpoint only, never to the CDN on another origin (its URL is signed).
    const requests = fixture.server.stats.requests.filter((request) => request.path.includes("gemma-2-2b-it.gguf"));
    const cdnRequests = requests.filter((request) => request.path.startsWith("/cdn/"));
    expect(cdnRequests.length).toBeGreaterThan(0);
    expect(cdnRequests.every((request) => request.authorization === null)).toBe(true);
    expect(requests.filter((request) => request.path.includes("/resolve/")).at(-1)?.authorization).toBe("Bearer hf_test_token");
  });

  it("reports a server error (500) clearly", async () => {
    fixture.server.faults.failures = { status: 500, times: 1, on: "resolve" };
    const error = await rejection(fixture.createService().start({ source: hfSource(repo, fileName), file: fileName}));
    expect(error).toMatchObject({ code: "UNAVAILABLE", message: expect.stringMatching(/server error \(500\)/), details: { httpStatus: 500 } });
  });

  it("gives up with a clear error when the CDN keeps failing", async () => {
    fixture.server.faults.failures = { status: 503, times: 100, on: "cdn" };
    const service = fixture.createService({ maxAttempts: 3 });
    await service.start({ source: hfSource(repo, fileName), file: fileName, variantId: jobId });
    const failed = await waitForJob(service, jobId, isSettled);
    expect(failed).toMatchObject({ state: "failed", error: { code: "UNAVAILABLE", details: { httpStatus: 503 } } });
  });

  it("detects a redirect loop", async () => {
    fixture.server.faults.redirectLoop = true;
    const service = fixture.createService();
    await service.start({ source: hfSource(repo, fileName), file: fileName, variantId: jobId });
    const failed = await waitForJob(service, jobId, isSettled);
    expect(failed).toMatchObject({ state: "failed", error: { code: "UNAVAILABLE", details: { reason: "redirect-loop" } } });
    expect(failed.error?.message).toMatch(/redirect loop/);
  });

  it("refuses before starting when the disk is short, with the numbers", async () => {
    const service = fixture.createService({ freeDiskBytes: async () => 400_000, diskReserveBytes: 100_000 });
    const error = await rejection(service.start({ source: hfSource(repo, fileName), file: fileName, variantId: jobId }));
    const needBytes = fixture.file.data.length + 100_000;
    expect(error).toMatchObject({ code: "UNAVAILABLE", details: { reason: "disk-space", needBytes, freeBytes: 400_000 } });
    expect(error.message).toBe(`Not enough disk space for ${fileName}: Needs ${(needBytes / 1e6).toFixed(1)} MB, 0.4 MB free.`);
    expect(fixture.server.stats.cdnBodyBytes).toBe(0);
    expect(service.list()).toEqual([]);
  });

  it("fails fast and names what happened: no DNS, no answer in time", async () => {
    const unreachable = Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" }) });
    const noNetwork = fixture.createService({ fetch: async () => Promise.reject(unreachable) });
    const offline = await rejection(noNetwork.start({ source: hfSource(repo, fileName), file: fileName }));
    expect(offline).toMatchObject({ code: "UNAVAILABLE", details: { offline: true, reason: "dns", code: "ENOTFOUND" } });
    expect(offline.message).toMatch(/^Can't look up 127\.0\.0\.1:\d+ \(DNS failed, ENOTFOUND\)/);

    const blackHole = fixture.createService({
      connectTimeoutMs: 200,
      fetch: (_input, init) =>
        new Promise((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal?.reason as Error))),
    });
    const silent = await rejection(blackHole.start({ source: hfSource(repo, fileName), file: fileName }));
    expect(silent).toMatchObject({ code: "UNAVAILABLE", details: { offline: false, reason: "timeout", timeoutSeconds: 0.2 } });
    expect(silent.message).toMatch(/did not answer within 0\.2 s\.$/);
  });

  it("gives up on a server that stops sending, with a clear message", async () => {
    fixture.server.faults.stallAfterBytes = 100_000;
    fixture.server.faults.failures = null;
    const service = fixture.createService({ idleTimeoutMs: 300, maxAttempts: 1 });
    await service.start({ source: hfSource(repo, fileName), file: fileName, variantId: jobId });
    const failed = await waitForJob(service, jobId, isSettled);
    expect(failed).toMatchObject({ state: "failed", receivedBytes: 100_000, error: { code: "UNAVAILABLE", details: { reason: "stalled" } } });
  });

  it("keeps sending progress with a sane speed and ETA from a slow server", async () => {
    const chunkBytes = 32 * 1024;
    const intervalMs = 20;
    fixture.server.faults.throttle = { chunkBytes, intervalMs };
    const ceiling = (chunkBytes * 1000) / intervalMs;
    const service = fixture.createService({ progressIntervalMs: 100 });
    const events: { receivedBytes: number; bytesPerSecond: number | null; etaSeconds: number | null }[] = [];
    service.onProgress((job) => job.state === "downloading" && events.push(job));
    await service.start({ source: hfSource(repo, fileName), file: fileName, variantId: jobId });
    expect((await waitForJob(service, jobId, isSettled)).state).toBe("completed");

    expect(events.length).toBeGreaterThanOrEqual(5);
    const measured = events.filter((event) => event.bytesPerSecond !== null);
    expect(measured.length).toBeGreaterThanOrEqual(2);
    for (const event of measured) {
      expect(event.bytesPerSecond).toBeGreaterThan(0);
      expect(event.bytesPerSecond).toBeLessThanOrEqual(ceiling * 1.5);
      expect(event.etaSeconds).toBeGreaterThanOrEqual(0);
      expect(event.etaSeconds).toBeCloseTo((fixture.file.data.length - event.receivedBytes) / (event.bytesPerSecond ?? 1), 3);
    }
    expect(events.map((event) => event.receivedBytes)).toEqual([...events.map((event) => event.receivedBytes)].sort((a, b) => a - b));
  });
});
