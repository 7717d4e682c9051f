// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatBytes, formatNeedAndFree } from "../../electron/node/services/library/bytes.ts";
import { normalizeEndpoint, parseSha256Etag, requestFollowingRedirects, resolveFileUrl } from "../../electron/node/services/library/hf-http.ts";
import { resolveRemoteFile } from "../../electron/node/services/library/hf-resolve.ts";
import { createSpeedMeter } from "../../electron/node/services/library/speed-meter.ts";
import { fakeCommit, startHfServer, type HfTestServer } from "../support/hf-server.ts";

const sha = "a".repeat(64);

describe("Hugging Face URLs and headers", () => {
  it("builds resolve URLs for the default endpoint and for a mirror (HF_ENDPOINT style)", () => {
    expect(normalizeEndpoint(undefined)).toBe("https://huggingface.co");
    expect(normalizeEndpoint("  ")).toBe("https://huggingface.co");
    expect(resolveFileUrl("https://hf-mirror.com/", "bartowski/gemma-2-2b-it-GGUF", "gemma-2-2b-it-Q4_0.gguf")).toBe(
      "https://hf-mirror.com/bartowski/gemma-2-2b-it-GGUF/resolve/main/gemma-2-2b-it-Q4_0.gguf",
    );
  });

  it("reads the SHA-256 from X-Linked-Etag, not a git blob id", () => {
    expect(parseSha256Etag(`"${sha.toUpperCase()}"`)).toBe(sha);
    expect(parseSha256Etag(`W/"${sha}"`)).toBe(sha);
    expect(parseSha256Etag(`"${"b".repeat(40)}"`)).toBeNull();
    expect(parseSha256Etag(null)).toBeNull();
  });

  it("sends the token to the endpoint's origin only, never to the CDN host", async () => {
    const seen: { url: string; authorization: string | null }[] = [];
    const fakeFetch: typeof fetch = async (input, init) => {
      const url = String(input);
      seen.push({ url, authorization: new Headers(init?.headers).get("authorization") });
      return url.startsWith("https://huggingface.co/")
        ? new Response(null, { status: 302, headers: { location: "https://cdn-lfs.hf.co/file?sig=1", "x-linked-etag": `"${sha}"`, "x-linked-size": "42" } })
        : new Response("x", { status: 200 });
    };
    const { linked } = await requestFollowingRedirects(resolveFileUrl("https://huggingface.co", "o/r", "f.gguf"), {
      fetch: fakeFetch,
      method: "GET",
      access: { endpoint: "https://huggingface.co", token: "hf_secret" },
      signal: new AbortController().signal,
    });
    expect(seen).toEqual([
      { url: "https://huggingface.co/o/r/resolve/main/f.gguf", authorization: "Bearer hf_secret" },
      { url: "https://cdn-lfs.hf.co/file?sig=1", authorization: null },
    ]);
    expect(linked).toEqual({ sha256: sha, sizeBytes: 42, commit: null });
  });

  it("prints sizes the way the disk message needs them", () => {
    expect(formatNeedAndFree(1_700_000_000, 900_000_000)).toBe("Needs 1.7 GB, 0.9 GB free");
    expect(formatBytes(420_000_000)).toBe("420 MB");
    expect(formatBytes(999)).toBe("999 B");
  });
});

describe("resolving a file on the fake Hugging Face", () => {
  let server: HfTestServer;
  beforeEach(async () => {
    server = await startHfServer();
  });
  afterEach(() => server.close());

  it("takes SHA-256, size and commit from the resolve redirect, or from the tree API when the headers are missing", async () => {
    const file = server.addFile("o/r-GGUF", "m.gguf", Buffer.from("GGUF and some bytes"));
    const options = { fetch, access: { endpoint: server.endpoint, token: undefined }, timeoutMs: 5000 };
    expect(await resolveRemoteFile({ repo: "o/r-GGUF", path: "m.gguf" }, options)).toMatchObject({
      sha256: file.sha256,
      sizeBytes: file.data.length,
      commit: fakeCommit,
    });
    server.faults.hideLinkedHeaders = true;
    expect(await resolveRemoteFile({ repo: "o/r-GGUF", path: "m.gguf" }, options)).toMatchObject({ sha256: file.sha256, sizeBytes: file.data.length });
    expect(server.stats.requests.at(-1)?.path).toBe("/api/models/o/r-GGUF/tree/main");
  });
});

describe("download speed and time left", () => {
  it("averages over a sliding window of the injected clock", () => {
    let now = 0;
    const meter = createSpeedMeter(() => now, 5000);
    meter.record(0);
    now = 200;
    meter.record(200_000);
    expect(meter.bytesPerSecond()).toBeNull();
    for (now = 1000; now <= 10_000; now += 1000) meter.record(now * 1000);
    expect(meter.bytesPerSecond()).toBe(1_000_000);
    expect(meter.etaSeconds(20_000_000)).toBe(10);
    expect(meter.etaSeconds(null)).toBeNull();
  });
});
