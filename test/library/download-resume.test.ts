// @vitest-environment node
import { readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writePartialDownload } from "../../electron/node/services/library/sidecars.ts";
import { createDownloadFixture, hfSource, fileName, isSettled, jobId, repo, waitForJob, type DownloadFixture } from "./download-fixture.ts";

describe("resuming downloads", () => {
  let fixture: DownloadFixture;
  beforeEach(async () => {
    fixture = await createDownloadFixture();
  });
  afterEach(() => fixture.cleanup());

  const size = () => fixture.file.data.length;
  const installedBytes = () => readFile(path.join(fixture.modelsDir, fileName));
  const cdnRanges = () =>
    fixture.server.stats.requests.filter((request) => request.path.startsWith("/cdn/") && request.method === "GET").map((request) => request.range);
  /** Where each resumed request started: at most the cut (chunks in flight when a socket dies are lost), moving forward. */
  const expectResumedNear = (cuts: number[]) => {
    const [first, ...resumed] = cdnRanges();
    expect(first).toBeNull();
    const starts = resumed.map((range) => Number(range?.match(/^bytes=(\d+)-$/)?.[1]));
    expect(starts).toHaveLength(cuts.length);
    starts.forEach((start, index) => {
      expect(start).toBeGreaterThan(index === 0 ? 0 : (starts[index - 1] ?? 0));
      expect(start).toBeLessThanOrEqual(cuts[index] ?? 0);
    });
  };

  it.each([0.1, 0.5, 0.95])("a connection dropped at %d of the file resumes where it was", async (fraction) => {
    const cutAt = Math.floor(size() * fraction);
    fixture.server.faults.dropAtOffsets = [cutAt];
    const service = fixture.createService();
    await service.start({ source: hfSource(repo, fileName), file: fileName, variantId: jobId });
    const done = await waitForJob(service, jobId, isSettled);

    expect(done.state).toBe("completed");
    expect((await installedBytes()).equals(fixture.file.data)).toBe(true);
    expectResumedNear([cutAt]);
    expect(fixture.server.stats.cdnBodyBytes).toBeLessThan(1.1 * size());
    console.info(`drop at ${fraction * 100}%: ${fixture.server.stats.cdnBodyBytes} bytes served for a ${size()}-byte file`);
  });

  it("survives drops at 10 %, 50 % and 95 % of the same download", async () => {
    const cuts = [0.1, 0.5, 0.95].map((fraction) => Math.floor(size() * fraction));
    fixture.server.faults.dropAtOffsets = [...cuts];
    const service = fixture.createService();
    await service.start({ source: hfSource(repo, fileName), file: fileName, variantId: jobId });
    expect((await waitForJob(service, jobId, isSettled)).state).toBe("completed");
    expectResumedNear(cuts);
    expect(fixture.server.stats.cdnBodyBytes).toBeLessThan(1.1 * size());
    console.info(`three drops: ${fixture.server.stats.cdnBodyBytes} bytes served for a ${size()}-byte file`);
  });

  it("resumes from the .part after the app is closed mid-download and started again", async () => {
    const partBytes = Math.floor(size() / 3);
    fixture.server.faults.stallAfterBytes = partBytes; // the app is "closed" while the server is mid-file
    const first = fixture.createService();
    await first.start({ source: hfSource(repo, fileName), file: fileName, variantId: jobId });
    await waitForJob(first, jobId, (job) => job.receivedBytes === partBytes);
    await first.close();
    expect((await stat(path.join(fixture.modelsDir, `${fileName}.part`))).size).toBe(partBytes);

    const second = fixture.createService();
    expect(await second.restore()).toEqual([expect.objectContaining({ id: jobId, state: "paused", receivedBytes: partBytes })]);
    await second.resume(jobId);
    expect((await waitForJob(second, jobId, isSettled)).state).toBe("completed");
    expect(cdnRanges().at(-1)).toBe(`bytes=${partBytes}-`);
    expect((await installedBytes()).equals(fixture.file.data)).toBe(true);
    expect(fixture.server.stats.cdnBodyBytes).toBeLessThan(1.1 * size());
  });

  it("treats the .part and its .part.json as the whole state: a complete part found after a power cut just gets verified", async () => {
    const partPath = path.join(fixture.modelsDir, `${fileName}.part`);
    await writeFile(partPath, fixture.file.data);
    await writePartialDownload(`${partPath}.json`, {
      version: 2, id: jobId, variantId: jobId, source: hfSource(repo, fileName), endpoint: fixture.server.endpoint,
      file: fileName, sha256: fixture.file.sha256, sizeBytes: size(), pinned: true, commit: null, startedAt: 0,
    });
    const service = fixture.createService();
    expect(await service.restore()).toEqual([expect.objectContaining({ id: jobId, state: "paused", receivedBytes: size() })]);
    await service.resume(jobId);
    expect((await waitForJob(service, jobId, isSettled)).state).toBe("completed");
    expect(fixture.server.stats.cdnBodyBytes).toBe(0);
    expect((await installedBytes()).equals(fixture.file.data)).toBe(true);
  });

  it("starts over cleanly when the server ignores Range (never appends a whole file to a partial one)", async () => {
    fixture.server.faults.dropAtOffsets = [Math.floor(size() / 2)];
    fixture.server.faults.ignoreRange = true;
    const service = fixture.createService();
    await service.start({ source: hfSource(repo, fileName), file: fileName, variantId: jobId });
    const done = await waitForJob(service, jobId, isSettled);
    expect(done).toMatchObject({ state: "completed", receivedBytes: size() });
    const installed = await installedBytes();
    expect(installed.length).toBe(size());
    expect(installed.equals(fixture.file.data)).toBe(true);
  });
});
