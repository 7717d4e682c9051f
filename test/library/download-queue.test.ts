// @vitest-environment node
import { access, stat } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DownloadJob } from "../../electron/common/contract/app/library.ts";
import { createDownloadFixture, hfSource, fileName, isSettled, jobId, repo, waitForJob, type DownloadFixture } from "./download-fixture.ts";

const exists = (file: string) => access(file).then(() => true, () => false);
const otherFile = "gemma-2-2b-it-Q8_0.gguf";
const otherId = "gemma-2-2b-it-Q8_0";

/**
 * The first CDN response stalls after `stallAt` bytes (the fake server keeps the connection open until released),
 * so the first download is reliably "in the middle" however slow the machine is.
 */
describe("download queue, pause, resume and cancel", () => {
  let fixture: DownloadFixture;
  const stallAt = 300_000;
  beforeEach(async () => {
    fixture = await createDownloadFixture();
    fixture.server.addFile(repo, otherFile, Buffer.from(fixture.file.data).reverse());
    fixture.server.faults.stallAfterBytes = stallAt;
  });
  afterEach(() => fixture.cleanup());

  const part = (file: string) => path.join(fixture.modelsDir, `${file}.part`);
  const startBoth = async (service: ReturnType<DownloadFixture["createService"]>) => {
    await service.start({ source: hfSource(repo, fileName), file: fileName, variantId: jobId });
    const second = await service.start({ source: hfSource(repo, otherFile), file: otherFile, variantId: otherId });
    await waitForJob(service, jobId, (job) => job.receivedBytes === stallAt);
    return second;
  };

  it("runs one download at a time and starts the next one when the first finishes", async () => {
    const service = fixture.createService();
    const seen: DownloadJob[][] = [];
    service.onProgress(() => seen.push(service.list()));
    const second = await startBoth(service);
    expect(second.state).toBe("queued");
    expect(service.list().find((job) => job.id === otherId)?.state).toBe("queued");

    fixture.server.releaseStalls();
    await waitForJob(service, otherId, isSettled);
    expect(service.list().map((job) => [job.id, job.state])).toEqual([
      [jobId, "completed"],
      [otherId, "completed"],
    ]);
    for (const snapshot of seen) expect(snapshot.filter((job) => job.state === "downloading").length).toBeLessThanOrEqual(1);
    const firstDone = seen.findIndex((snapshot) => snapshot.find((job) => job.id === jobId)?.state === "completed");
    const secondStarted = seen.findIndex((snapshot) => snapshot.find((job) => job.id === otherId)?.state === "downloading");
    expect(secondStarted).toBeGreaterThan(firstDone);
  });

  it("pauses keeping the partial file, lets the queued one run, and resumes from where it paused", async () => {
    const service = fixture.createService();
    await startBoth(service);
    const paused = await service.pause(jobId);
    expect(paused).toMatchObject({ state: "paused", receivedBytes: stallAt });
    expect((await stat(part(fileName))).size).toBe(stallAt);

    await service.resume(jobId);
    expect(service.list().find((job) => job.id === jobId)?.state).toBe("queued");
    await waitForJob(service, otherId, isSettled);
    expect((await waitForJob(service, jobId, isSettled)).state).toBe("completed");
    const lastRequest = fixture.server.stats.requests.filter((request) => request.path.endsWith(fileName) && request.path.startsWith("/cdn/")).at(-1);
    expect(lastRequest?.range).toBe(`bytes=${stallAt}-`);
    expect(fixture.server.stats.cdnBodyBytes).toBe(fixture.file.data.length * 2);
  });

  it("cancels an active download, deletes its partial file, and moves on", async () => {
    const service = fixture.createService();
    await startBoth(service);
    expect(await service.cancel(jobId)).toBe(true);
    expect(await exists(part(fileName))).toBe(false);
    expect(await exists(`${part(fileName)}.json`)).toBe(false);
    expect(service.list().map((job) => job.id)).toEqual([otherId]);
    expect((await waitForJob(service, otherId, isSettled)).state).toBe("completed");
    expect(await exists(path.join(fixture.modelsDir, fileName))).toBe(false);
    expect(await service.cancel("no-such-download")).toBe(false);
  });

  it("pauses and cancels a queued download without touching the active one", async () => {
    const service = fixture.createService();
    await startBoth(service);
    expect((await service.pause(otherId)).state).toBe("paused");
    expect(await service.cancel(otherId)).toBe(true);
    fixture.server.releaseStalls();
    expect((await waitForJob(service, jobId, isSettled)).state).toBe("completed");
    expect(service.list().map((job) => job.id)).toEqual([jobId]);
  });

  it("returns the existing job when the same file is started twice, and refuses an installed one", async () => {
    fixture.server.faults.stallAfterBytes = null;
    const service = fixture.createService();
    const [first, again] = await Promise.all([
      service.start({ source: hfSource(repo, fileName), file: fileName, variantId: jobId }),
      service.start({ source: hfSource(repo, fileName), file: fileName, variantId: jobId }),
    ]);
    expect(again.id).toBe(first.id);
    expect(service.list()).toHaveLength(1);
    await waitForJob(service, jobId, isSettled);
    await expect(service.start({ source: hfSource(repo, fileName), file: fileName, variantId: jobId })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
