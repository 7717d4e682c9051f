// @vitest-environment node
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DownloadJob } from "../../electron/common/contract/app/library.ts";
import { giveUpBoundSeconds } from "../../electron/node/services/library/download-service.ts";
import { createDownloadFixture, fileName, hfSource, isSettled, jobId, repo, waitForJob, type DownloadFixture } from "./download-fixture.ts";
import { rejection } from "../support/rejection.ts";


/** A loopback server whose connections get `onConnection`; closed by `close()`. */
async function rawServer(onConnection: (socket: Socket) => void): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer();
  server.on("connection", onConnection);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))) };
}

describe("downloads say what is happening", () => {
  let fixture: DownloadFixture;
  beforeEach(async () => {
    fixture = await createDownloadFixture();
  });
  afterEach(() => fixture.cleanup());

  it("an empty reply from the file host that just redirected us is named as such, retried visibly, and completes", async () => {
    fixture.server.faults.emptyReply = { on: "cdn", times: 2 };
    const service = fixture.createService({ retryDelayMs: () => 250 });
    const retries: NonNullable<DownloadJob["retry"]>[] = [];
    service.onProgress((job) => job.retry && retries.push(job.retry));
    const started = Date.now();
    await service.start({ source: hfSource(repo, fileName), file: fileName, variantId: jobId });
    expect((await waitForJob(service, jobId, isSettled)).state).toBe("completed");

    expect(retries.map((retry) => retry.attempt)).toEqual([2, 3]);
    for (const retry of retries) {
      expect(retry).toMatchObject({ maxAttempts: 6, error: { code: "UNAVAILABLE", details: { reason: "closed-without-answer", offline: false } } });
      expect(retry.error.message).toMatch(/^127\.0\.0\.1:\d+ closed the connection without answering/);
      expect(retry.nextAttemptAt).toBeGreaterThan(started);
    }
    expect(service.list()[0]?.retry).toBeNull();
  });

  it("a trickle below the floor is a stall: retried with its count, then given up with the rule it broke", async () => {
    fixture.server.faults.throttle = { chunkBytes: 64, intervalMs: 25 };
    const service = fixture.createService({ stallFloorBytesPerSecond: 50_000, stallWindowMs: 300, idleTimeoutMs: 5_000, maxAttempts: 3, retryDelayMs: () => 50 });
    const retries: NonNullable<DownloadJob["retry"]>[] = [];
    service.onProgress((job) => job.retry && retries.push(job.retry));
    await service.start({ source: hfSource(repo, fileName), file: fileName, variantId: jobId });
    const failed = await waitForJob(service, jobId, isSettled);

    expect(failed.state).toBe("failed");
    expect(failed.receivedBytes).toBeGreaterThan(0);
    expect(failed.error).toMatchObject({ details: { reason: "stalled", stall: "slow", floorBytesPerSecond: 50_000, windowSeconds: 0.3 } });
    expect(failed.error?.message).toBe("The download stalled: less than 50.0 kB/s for 0.3 s.");
    expect([...new Set(retries.map((retry) => retry.attempt))]).toEqual([2, 3]);
    expect(retries[0]?.giveUpWithinSeconds).toBe(giveUpBoundSeconds({ connectTimeoutMs: 10_000, idleTimeoutMs: 5_000, stallWindowMs: 300, maxAttempts: 3, retryDelayMs: () => 50 }));
  });

  it("a server that stops sending is retried, and the retry says no data came", async () => {
    fixture.server.faults.stallAfterBytes = 100_000;
    const service = fixture.createService({ idleTimeoutMs: 300, retryDelayMs: () => 100 });
    const retry = waitForJob(service, jobId, (job) => job.retry !== null);
    await service.start({ source: hfSource(repo, fileName), file: fileName, variantId: jobId });
    expect((await retry).retry).toMatchObject({ attempt: 2, error: { details: { reason: "stalled", stall: "idle", idleSeconds: 0.3 } } });
    fixture.server.releaseStalls();
    expect((await waitForJob(service, jobId, isSettled)).state).toBe("completed");
  });

  it("with the defaults, a download that keeps stalling gives up within 4 minutes", () => {
    const defaults = { connectTimeoutMs: 15_000, idleTimeoutMs: 30_000, stallWindowMs: 30_000, maxAttempts: 6, retryDelayMs: (attempt: number) => Math.min(30_000, 1000 * 2 ** (attempt - 1)) };
    expect(giveUpBoundSeconds(defaults)).toBe(217);
  });

  it("names a refused connection, an empty reply and a failed TLS handshake apart, none of them as offline", async () => {
    const closed = await rawServer((socket) => socket.destroy());
    const refusedUrl = `http://127.0.0.1:${new URL(closed.url).port}`;
    const empty = await rejection(fixture.createService({ getEndpoint: () => closed.url }).start({ source: hfSource(repo, fileName), file: fileName }));
    expect(empty).toMatchObject({ details: { reason: "closed-without-answer", offline: false } });
    expect(empty.message).toMatch(/closed the connection without answering/);
    await closed.close();

    const refused = await rejection(fixture.createService({ getEndpoint: () => refusedUrl }).start({ source: hfSource(repo, fileName), file: fileName }));
    expect(refused).toMatchObject({ details: { reason: "refused", code: "ECONNREFUSED", offline: false } });
    expect(refused.message).toMatch(/refused the connection/);

    // https:// to a server that speaks plain HTTP: the TLS handshake fails.
    const plain = await rawServer((socket) => socket.on("data", () => socket.end("HTTP/1.1 400 Bad Request\r\n\r\n")));
    const tls = await rejection(fixture.createService({ getEndpoint: () => plain.url.replace("http:", "https:") }).start({ source: hfSource(repo, fileName), file: fileName }));
    await plain.close();
    expect(tls).toMatchObject({ details: { reason: "tls", offline: false } });
    expect(tls.message).toMatch(/^The secure connection to 127\.0\.0\.1:\d+ failed/);
  });
});
