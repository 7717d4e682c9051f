// @vitest-environment node
/**
 * Who speaks for a file's identity: only the configured endpoint, held against the catalog's pin. Hostile and
 * confused servers — an upstream change, a redirect target announcing another hash, a listing that contradicts the
 * headers, a change mid-download, a redirect down to http — stop the download with a message and install nothing.
 */
import { readdir } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { requestFollowingRedirects } from "../../electron/node/services/library/hf-http.ts";
import { createDownloadFixture, fileName, hfSource, isSettled, jobId, repo, waitForJob, type DownloadFixture } from "./download-fixture.ts";
import { rejection } from "../support/rejection.ts";

const otherSha256 = "f".repeat(64);


describe("a download's identity", () => {
  let fixture: DownloadFixture;
  beforeEach(async () => {
    fixture = await createDownloadFixture();
  });
  afterEach(() => fixture.cleanup());

  const request = (pinned?: { sha256: string; sizeBytes: number }) => ({
    source: hfSource(repo, fileName),
    file: fileName,
    variantId: jobId,
    ...(pinned ? { pinned } : {}),
  });
  const pin = () => ({ sha256: fixture.file.sha256, sizeBytes: fixture.file.data.length });
  const modelsFolder = () => readdir(fixture.modelsDir);

  it("is refused when the endpoint announces another file than the catalog pins (changed upstream): no job, nothing written", async () => {
    fixture.server.faults.announce = { sha256: otherSha256 };
    fixture.server.faults.treeListing = { sha256: otherSha256 };
    const service = fixture.createService();
    const refused = await rejection(service.start(request(pin())));
    expect(refused).toMatchObject({ code: "UNAVAILABLE", details: { reason: "upstream-changed", field: "sha256" } });
    expect(refused.message).toMatch(new RegExp(`^Download refused: ${fileName} changed upstream — .* announces SHA-256 ffffffffffff…, but the catalog pins ${fixture.file.sha256.slice(0, 12)}…`));
    expect(service.list()).toEqual([]);
    expect(await modelsFolder()).toEqual([]);
    expect(fixture.server.stats.cdnBodyBytes).toBe(0);
  });

  it("is refused when only the size differs from the pin", async () => {
    fixture.server.faults.announce = { sizeBytes: fixture.file.data.length + 1 };
    const refused = await rejection(fixture.createService().start(request(pin())));
    expect(refused.details).toMatchObject({ reason: "upstream-changed", field: "size" });
    expect(refused.message).toMatch(`${fixture.file.data.length + 1} bytes, but the catalog pins ${fixture.file.data.length} bytes`);
  });

  it("is refused when the resolve headers and the file listing disagree, even with nothing pinned", async () => {
    fixture.server.faults.treeListing = { sha256: otherSha256 };
    const refused = await rejection(fixture.createService().start(request()));
    expect(refused.details).toMatchObject({ reason: "sources-disagree", field: "sha256" });
    expect(refused.message).toMatch(/the sources for gemma-2-2b-it-Q4_0\.gguf disagree — the resolve headers of 127\.0\.0\.1:\d+ says SHA-256 .*, the file listing of 127\.0\.0\.1:\d+ says ffffffffffff…/);
    expect(await modelsFolder()).toEqual([]);
  });

  it("never takes a redirect target's X-Linked-Etag / X-Linked-Size: the CDN's claim is ignored and the pinned file installs", async () => {
    fixture.server.faults.cdnHeaders = { "x-linked-etag": `"${otherSha256}"`, "x-linked-size": "5" };
    const service = fixture.createService();
    await service.start(request(pin()));
    const done = await waitForJob(service, jobId, isSettled);
    expect(done).toMatchObject({ state: "completed", receivedBytes: fixture.file.data.length, error: null });
    expect(await modelsFolder()).toEqual([fileName, `${fileName}.json`].sort());
  });

  it("stops, without adopting anything, when the endpoint starts announcing another file mid-download", async () => {
    fixture.server.faults.dropAtOffsets = [Math.floor(fixture.file.data.length / 3)];
    const service = fixture.createService({ retryDelayMs: () => 300 });
    await service.start(request(pin()));
    await waitForJob(service, jobId, (job) => job.receivedBytes > 0);
    fixture.server.faults.announce = { sha256: otherSha256 }; // the next attempt (after the drop) hears of a new file
    const failed = await waitForJob(service, jobId, isSettled);
    expect(failed.state).toBe("failed");
    expect(failed.error).toMatchObject({ code: "UNAVAILABLE", details: { reason: "upstream-changed", field: "sha256" } });
    expect(failed.error?.message).toMatch(/changed upstream — 127\.0\.0\.1:\d+ now announces SHA-256 ffffffffffff…, but the catalog pins/);
    const left = await modelsFolder();
    expect(left).not.toContain(fileName);
    expect(left).not.toContain(`${fileName}.json`);
  });
});

describe("following redirects", () => {
  const access = { endpoint: "https://models.example", token: "hf_secret" };
  const answer = (status: number, headers: Record<string, string>) => new Response(null, { status, headers });

  it("refuses a step down from https to http, before asking the http address anything", async () => {
    const asked: string[] = [];
    const fetch = (async (url: string | URL | Request) => {
      asked.push(String(url));
      return answer(302, { location: "http://cdn.example/file.gguf" });
    }) as typeof globalThis.fetch;
    const refused = await rejection(
      requestFollowingRedirects("https://models.example/o/r/resolve/main/f.gguf", { fetch, method: "GET", access, signal: new AbortController().signal }),
    );
    expect(refused).toMatchObject({ code: "UNAVAILABLE", details: { reason: "insecure-redirect" } });
    expect(refused.message).toBe("Download refused: models.example redirected from https to an insecure address (http://cdn.example).");
    expect(asked).toEqual(["https://models.example/o/r/resolve/main/f.gguf"]);
  });

  it("keeps the endpoint's own X-Linked-* and drops a later hop's, and keeps the token on the endpoint's origin", async () => {
    const seen: { url: string; authorization: string | undefined }[] = [];
    const fetch = (async (url: string | URL | Request, init?: RequestInit) => {
      seen.push({ url: String(url), authorization: (init?.headers as Record<string, string>)["authorization"] });
      return String(url).startsWith("https://models.example")
        ? answer(302, { location: "https://cdn.example/f", "x-linked-etag": `"${"a".repeat(64)}"`, "x-linked-size": "10" })
        : answer(200, { "x-linked-etag": `"${otherSha256}"`, "x-linked-size": "99" });
    }) as typeof globalThis.fetch;
    const followed = await requestFollowingRedirects("https://models.example/o/r/resolve/main/f.gguf", {
      fetch, method: "GET", access, signal: new AbortController().signal,
    });
    expect(followed.linked).toMatchObject({ sha256: "a".repeat(64), sizeBytes: 10 });
    expect(seen.map((request) => request.authorization)).toEqual(["Bearer hf_secret", undefined]);
  });
});
