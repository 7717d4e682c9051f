import type { Locator, Page } from "playwright-core";
import { waitUntil } from "./wait.ts";

/** The catalog variant the suite downloads and the name the Library gives it ("{{model}} · {{quantization}}"). */
export const catalogVariant = {
  id: "gemma-2-2b-it-Q4_0",
  /** Ollama's gemma2:2b: the catalog's Q4_0 comes from the Ollama registry. */
  ollama: { model: "gemma2", tag: "2b" },
  file: "gemma-2-2b-it-Q4_0.gguf",
  name: "Gemma 2 2B IT · Q4_0",
} as const;

/** Every variant of models/catalog.json, as the Library names them. */
export const catalogNames = [
  "Gemma 2 2B IT · Q4_0",
  "Gemma 2 2B IT · Q4_K_M",
  "Gemma 2 2B IT · Q5_K_M",
  "Gemma 2 2B IT · Q6_K",
  "Gemma 2 2B IT · Q8_0",
  "Gemma 2 9B IT · Q4_0",
  "Gemma 2 9B IT · Q4_K_M",
] as const;

export const fitVerdict = /^(Fits|Tight|Won't fit)$/;

const byteFigure = String.raw`\d+(\.\d)? (B|kB|MB|GB)`;
/** A running download's line: "0.4 MB of 1.4 MB · 163.8 kB/s · 6 s left" (speed may read "measuring speed…"). */
export const downloadingText = new RegExp(
  String.raw`^(?<received>${byteFigure}) of (?<total>${byteFigure}) · (?<speed>${byteFigure}/s|measuring speed…)( · (?<eta>\d+ (s|min)|\d+ h \d+ min) left)?$`,
);
/** The same line once speed and time left are both known. */
export const downloadingWithEtaText = new RegExp(
  String.raw`^${byteFigure} of ${byteFigure} · ${byteFigure}/s · (\d+ (s|min)|\d+ h \d+ min) left$`,
);
export const pausedText = new RegExp(String.raw`^Paused at ${byteFigure} of ${byteFigure}$`);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** One reading of a download row, taken in the page on every DOM change (see `recordDownload`). */
export interface DownloadSample {
  /** The progress bar's value (bytes received) and max (total bytes); null when the row is not shown. */
  value: number | null;
  max: number | null;
  /** The text beside the bar ("… of … · … /s · … left", "Paused at …"). */
  text: string;
  at: number;
}

/**
 * The model library as a user sees it: the catalog (one list item per file, named "Gemma 2 2B IT · Q4_0"),
 * a file's fit, its download row, the installed models and the import form — by role, name or visible text.
 */
export class LibraryPage {
  constructor(readonly page: Page) {}

  get screen(): Locator {
    return this.page.getByRole("region", { name: "Model library" });
  }

  // ---- catalog ------------------------------------------------------------------------------------
  get catalog(): Locator {
    return this.page.getByRole("region", { name: "Gemma 2 models" });
  }
  /** The catalog's files (not the facts lists inside them, which have no name). */
  get catalogItems(): Locator {
    return this.catalog.getByRole("listitem", { name: / · / });
  }
  catalogItem(name: string): Locator {
    return this.catalog.getByRole("listitem", { name, exact: true });
  }
  fitVerdict(item: Locator): Locator {
    return item.getByText(fitVerdict);
  }
  /** "Download Gemma 2 2B IT · Q4_0 (1.6 GB)". */
  downloadButton(name: string): Locator {
    return this.catalogItem(name).getByRole("button", { name: new RegExp(`^Download ${escapeRegExp(name)} \\(`) });
  }
  termsPrompt(name: string): Locator {
    return this.catalogItem(name).getByRole("group", { name: "Gemma Terms of Use" });
  }
  acceptTermsButton(name: string): Locator {
    return this.termsPrompt(name).getByRole("button", { name: "I accept the Gemma Terms of Use" });
  }
  progressBar(name: string): Locator {
    return this.page.getByRole("progressbar", { name: `Download of ${name}`, exact: true });
  }
  pauseButton(name: string): Locator {
    return this.page.getByRole("button", { name: `Pause download of ${name}`, exact: true });
  }
  resumeButton(name: string): Locator {
    return this.page.getByRole("button", { name: `Resume download of ${name}`, exact: true });
  }
  cancelButton(name: string): Locator {
    return this.page.getByRole("button", { name: `Cancel download of ${name}`, exact: true });
  }
  /** "Use this model: Gemma 2 2B IT · Q4_0", offered once the file is installed. */
  useCatalogButton(name: string): Locator {
    return this.catalogItem(name).getByRole("button", { name: `Use this model: ${name}`, exact: true });
  }

  // ---- installed ----------------------------------------------------------------------------------
  get installed(): Locator {
    return this.page.getByRole("region", { name: "Installed models" });
  }
  installedItem(id: string): Locator {
    return this.installed.getByRole("listitem", { name: id, exact: true });
  }
  useInstalledButton(id: string): Locator {
    return this.installedItem(id).getByRole("button", { name: `Use ${id}`, exact: true });
  }

  // ---- import -------------------------------------------------------------------------------------
  get importForm(): Locator {
    return this.page.getByRole("region", { name: "Import a GGUF file" });
  }
  get importPath(): Locator {
    return this.importForm.getByRole("textbox", { name: "Path of the .gguf file" });
  }
  get importCopyMode(): Locator {
    return this.importForm.getByRole("radio", { name: /^Copy it into the models folder/ });
  }
  get importButton(): Locator {
    return this.importForm.getByRole("button", { name: "Import", exact: true });
  }

  /** Waits until the catalog lists every file with a fit verdict (the listing is fetched when the screen opens). */
  async waitForCatalog(timeoutMs = 30_000): Promise<void> {
    await waitUntil("the catalog to list every file", () => this.catalogItems.allTextContents(), (items) => items.length === catalogNames.length, {
      timeoutMs,
    });
  }

  /** The text beside the download's progress bar, or "" when there is no row. */
  async downloadText(name: string): Promise<string> {
    if ((await this.progressBar(name).count()) === 0) return "";
    return ((await this.progressBar(name).locator("xpath=..").textContent()) ?? "").trim();
  }

  /**
   * Records every state of the download row of `name`, from inside the page: a MutationObserver samples the
   * progress bar and the text beside it on every DOM change (progress events arrive a few times a second,
   * too fast for polling to see them all).
   */
  async recordDownload(name: string): Promise<{ samples(): Promise<DownloadSample[]>; clear(): Promise<void> }> {
    const label = `Download of ${name}`;
    await this.page.evaluate((label) => {
      const store = window as unknown as { __e2eDownloadSamples: DownloadSample[]; __e2eDownloadObserver?: MutationObserver };
      store.__e2eDownloadObserver?.disconnect();
      store.__e2eDownloadSamples = [];
      const sample = () => {
        const bar = [...document.querySelectorAll("progress")].find((element) => element.getAttribute("aria-label") === label);
        const next = {
          value: bar?.hasAttribute("value") ? bar.value : null,
          max: bar?.hasAttribute("max") ? bar.max : null,
          text: (bar?.parentElement?.textContent ?? "").trim(),
          at: performance.now(),
        };
        const last = store.__e2eDownloadSamples.at(-1);
        if (last?.value === next.value && last.max === next.max && last.text === next.text) return;
        store.__e2eDownloadSamples.push(next);
      };
      store.__e2eDownloadObserver = new MutationObserver(sample);
      store.__e2eDownloadObserver.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      sample();
    }, label);
    return {
      samples: () => this.page.evaluate(() => (window as unknown as { __e2eDownloadSamples: DownloadSample[] }).__e2eDownloadSamples),
      clear: () => this.page.evaluate(() => void ((window as unknown as { __e2eDownloadSamples: DownloadSample[] }).__e2eDownloadSamples = [])),
    };
  }
}
