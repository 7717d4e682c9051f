import { createHash } from "node:crypto";
import { readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureTestModel } from "../../tools/make-model/test-models.ts";
import { startHfServer, type HfTestServer } from "../support/hf-server.ts";
import { startRegistryServer, type RegistryModel, type RegistryTestServer } from "../support/ollama-registry-server.ts";
import { expectAccessible } from "./support/axe.ts";
import { launchBrowser, openApp, type OpenedApp } from "./support/browser.ts";
import { repinnedCatalogJson } from "./support/catalog-file.ts";
import { startHost, type RunningHost } from "./support/host.ts";
import {
  catalogNames,
  catalogVariant,
  downloadingText,
  downloadingWithEtaText,
  LibraryPage,
  pausedText,
  type DownloadSample,
} from "./support/library.ts";
import { saveScreenshot } from "./support/screenshots.ts";
import { waitUntil, expectVisible } from "./support/wait.ts";

const { name, ollama, file: fileName } = catalogVariant;
/** 16 KiB every 100 ms ≈ 160 kB/s: the 1.4 MB test model takes ~9 s, a few progress events a second. */
const throttle = { chunkBytes: 16 * 1024, intervalMs: 100 };

/**
 * A download from the Library as a user makes one: the recommended Q4_0, Ollama's gemma2:2b, from a local
 * Ollama-registry-like server (the settings' `network.ollamaRegistry`, written to settings.json before the host
 * starts) serving the generated tiny Gemma 2 as gemma2:2b — manifest, model layer, blob redirected to a blob host —
 * throttled so that progress can be watched: the Gemma terms, progress with bytes / speed / time left, Cancel, Pause
 * and Resume (continuing where it stopped), the SHA-256 check against the digest and the installed model. The host
 * runs with the bundled catalog re-pinned to the generated file (`--catalog`): the real pin would refuse it.
 */
describe("downloading the recommended Q4_0 from the Ollama registry", () => {
  let hf: HfTestServer;
  let registry: RegistryTestServer;
  let served: RegistryModel;
  let catalogFile: string | undefined;
  let browser: Browser | undefined;
  let host: RunningHost | undefined;
  let opened: OpenedApp;
  let library: LibraryPage;
  let recorder: Awaited<ReturnType<LibraryPage["recordDownload"]>>;
  /** Where the mirror's request log stood once the header reads were done. */
  let requestsBeforeDownloads = 0;

  const modelsDir = () => path.join(host!.dataDir, "models");
  const partialFiles = async () => (await readdir(modelsDir())).filter((entry) => entry.startsWith(`${fileName}.part`));
  const size = () => served.data.length;
  const blobPath = () => `/ollama/docker/registry/v2/blobs/sha256/${served.sha256.slice(0, 2)}/${served.sha256}/data`;
  /** The blob host's GETs for the model since the `from`-th request: their Range headers (null: the whole file). */
  const cdnRanges = (from: number) =>
    registry.stats.requests
      .slice(from)
      .filter((request) => request.method === "GET" && request.path === blobPath())
      .map((request) => request.range);
  const progressSamples = async (): Promise<DownloadSample[]> => (await recorder.samples()).filter((sample) => sample.value !== null);

  beforeAll(async () => {
    const [server, registryServer, modelPath, launched] = await Promise.all([startHfServer(), startRegistryServer(), ensureTestModel("q4_0"), launchBrowser()]);
    [hf, registry, browser] = [server, registryServer, launched];
    served = registry.addModel(ollama.model, ollama.tag, await readFile(modelPath));
    catalogFile = path.join(path.dirname(modelPath), `e2e-catalog-${process.pid}.json`);
    await writeFile(catalogFile, JSON.stringify(repinnedCatalogJson(catalogVariant.id, served)));
    host = await startHost({ catalogFile, settings: { network: { huggingFaceEndpoint: hf.endpoint, ollamaRegistry: registry.endpoint } } });
    opened = await openApp(browser, host.url);
    library = new LibraryPage(opened.page);
    await opened.app.goTo("Library");
    await library.waitForCatalog();
    // Opening the Library asks neither server anything: the catalog's figures are bundled ("Check online" reads headers).
    expect(hf.stats.requests).toEqual([]);
    expect(registry.stats.requests).toEqual([]);
    requestsBeforeDownloads = registry.stats.requests.length;
    registry.faults.throttle = { ...throttle };
    recorder = await library.recordDownload(name);
  });

  afterAll(async () => {
    await opened?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await host?.stop();
    await hf?.close();
    await registry?.close();
    if (catalogFile) await rm(catalogFile, { force: true });
  });

  it("asks for the Gemma terms first, then downloads with bytes, speed and time left showing", async () => {
    const { page } = opened;
    await library.downloadButton(name).click();
    const terms = library.termsPrompt(name);
    await terms.waitFor({ timeout: 5_000 });
    expect(await terms.getByRole("link", { name: "Read the Gemma Terms of Use" }).getAttribute("href")).toBe("https://ai.google.dev/gemma/terms");
    expect(await library.progressBar(name).count()).toBe(0);
    expect(cdnRanges(requestsBeforeDownloads)).toEqual([]); // nothing is downloaded before the terms are accepted
    await saveScreenshot(page, "library-terms-light");

    await library.acceptTermsButton(name).click();
    await library.progressBar(name).waitFor({ timeout: 10_000 });
    // Several intermediate states, with the speed and the time left once they are known.
    const samples = await waitUntil(
      "the download to show progress with speed and time left",
      progressSamples,
      (all) => new Set(all.map((s) => s.value)).size >= 4 && all.some((s) => downloadingWithEtaText.test(s.text)),
      { timeoutMs: 20_000 },
    );
    const running = samples.filter((s) => !pausedText.test(s.text));
    expect(running.map((s) => s.text).filter((text) => !downloadingText.test(text)), "texts of the running download").toEqual([]);
    expect(running.every((s) => s.max === size())).toBe(true);
    expect(running.at(-1)?.text).toMatch(new RegExp(` of ${(size() / 1e6).toFixed(1)} MB · `));
  });

  it("Cancel stops it, removes the partial file and offers the download again", async () => {
    await library.cancelButton(name).click();
    await library.downloadButton(name).waitFor({ timeout: 10_000 });
    expect(await library.progressBar(name).count()).toBe(0);
    await waitUntil("the partial download to be removed", partialFiles, (files) => files.length === 0, { timeoutMs: 10_000 });
    expect(await library.installedItem(fileName).count()).toBe(0);
  });

  it("starts again from zero; Pause and Resume continue where it stopped; it is verified and installed", async () => {
    const { page, app } = opened;
    await recorder.clear();
    const requestsAtStart = registry.stats.requests.length;
    const bytesAtStart = registry.stats.cdnBodyBytes;

    // The terms were accepted in this session: no second prompt.
    await library.downloadButton(name).click();
    await library.progressBar(name).waitFor({ timeout: 10_000 });
    expect(await library.termsPrompt(name).count()).toBe(0);
    await waitUntil("a quarter of the file, with the time left", progressSamples, (all) =>
      all.some((s) => (s.value ?? 0) >= size() / 4 && downloadingWithEtaText.test(s.text)),
    );

    // Screenshots and axe of the Library with a download running, in light and dark; the blob host slows down
    // meanwhile so that there is still something to pause afterwards.
    registry.faults.throttle = { ...throttle, intervalMs: 1000 };
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      expect(downloadingText.test(await library.downloadText(name)), await library.downloadText(name)).toBe(true);
      await library.catalogItem(name).scrollIntoViewIfNeeded();
      await saveScreenshot(page, `library-downloading-${scheme}`);
      await saveScreenshot(page, `library-downloading-whole-${scheme}`, { whole: true });
      await expectAccessible(page, `Library with a download running (${scheme})`);
    }
    await page.emulateMedia({ colorScheme: "light" });
    registry.faults.throttle = { ...throttle };

    // Pause: it stops, says where, and keeps the partial file of exactly that size.
    await library.pauseButton(name).click();
    const pausedAt = await waitUntil("the row to say Paused", () => library.downloadText(name), (text) => pausedText.test(text), { timeoutMs: 10_000 });
    const pausedBytes = Number(await library.progressBar(name).getAttribute("value"));
    expect(pausedBytes).toBeGreaterThan(0);
    expect(pausedBytes).toBeLessThan(size());
    await expectVisible(library.resumeButton(name));
    expect(await library.pauseButton(name).count()).toBe(0);
    const partPath = path.join(modelsDir(), `${fileName}.part`);
    await waitUntil("the .part to hold the bytes received", async () => (await stat(partPath)).size, (bytes) => bytes === pausedBytes, { timeoutMs: 5_000 });
    const samplesBeforeResume = (await progressSamples()).length;

    await library.resumeButton(name).click();
    // Finished: verified, the catalog entry says Installed and offers it for use.
    await library.useCatalogButton(name).waitFor({ timeout: 30_000 });
    await expectVisible(library.catalogItem(name).getByText("Installed", { exact: true }));
    expect(await library.progressBar(name).count()).toBe(0);

    const afterResume = (await progressSamples()).slice(samplesBeforeResume);
    expect(afterResume.length, "progress after Resume").toBeGreaterThan(0);
    expect(afterResume.every((s) => (s.value ?? 0) >= pausedBytes), `progress after Resume went below ${pausedBytes} (${pausedAt})`).toBe(true);
    const values = (await progressSamples()).map((s) => s.value ?? 0);
    expect(values.every((value, index) => index === 0 || value >= (values[index - 1] ?? 0)), "progress never goes back").toBe(true);
    const verifying = (await recorder.samples()).some((s) => s.text === "Checking the file's SHA-256…");
    console.info(`[download] ${values.length} progress states; "Checking the file's SHA-256…" ${verifying ? "seen" : "too brief to see"}`);

    // The blob host's view: the whole file once (from zero), then the rest from exactly where it paused.
    expect(cdnRanges(requestsAtStart)).toEqual([null, `bytes=${pausedBytes}-`]);
    const servedBytes = registry.stats.cdnBodyBytes - bytesAtStart;
    console.info(`[download] served ${servedBytes} bytes for a ${size()}-byte file (${(servedBytes / size()).toFixed(3)}×)`);
    expect(servedBytes).toBeLessThan(1.1 * size());

    // Installed: listed with where it came from, byte for byte the served file, nothing partial left.
    const installed = library.installedItem(fileName);
    await installed.waitFor({ timeout: 10_000 });
    await expectVisible(installed.getByText(`Downloaded from the Ollama registry (${ollama.model}:${ollama.tag})`, { exact: true }));
    const onDisk = await readFile(path.join(modelsDir(), fileName));
    expect(createHash("sha256").update(onDisk).digest("hex")).toBe(served.sha256);
    expect(await partialFiles()).toEqual([]);
    // The other files of the catalog are untouched.
    for (const other of catalogNames.filter((n) => n !== name)) await expectVisible(library.downloadButton(other), other);
    expect(await app.statusText()).toBe("No model loaded");
  });

  it("the page logged no errors", () => {
    expect(opened.errors()).toEqual([]);
  });
});
