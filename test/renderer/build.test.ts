import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repoRoot = join(import.meta.dirname, "../..");
/**
 * `frame-ancestors` is not in the <meta>: Chromium ignores it there (and logs an error on every load);
 * Electron's app:// protocol and the browser host send it in the CSP header (web-page-policy.ts).
 */
const requiredCsp =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; base-uri 'none'; form-action 'none'";

/** The production renderer build, into a temporary folder, checked for what the strict CSP refuses. */
describe("renderer build", () => {
  let outDir: string;
  let html: string;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), "edge-gemma-renderer-"));
    await build({
      configFile: join(repoRoot, "vite.config.ts"),
      logLevel: "silent",
      build: { outDir, emptyOutDir: true },
    });
    html = readFileSync(join(outDir, "index.html"), "utf8");
  }, 120_000);

  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it("keeps the strict CSP meta exactly", () => {
    const content = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1];
    expect(content).toBe(requiredCsp);
  });

  it("has no inline script, inline style or style attribute", () => {
    const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [tag, body] of scripts) {
      expect(tag).toMatch(/\bsrc="/);
      expect(body?.trim()).toBe("");
    }
    expect(html).not.toMatch(/<style\b/i);
    expect(html).not.toMatch(/\sstyle=/i);
  });

  it("links its script and stylesheet relatively, from its own assets folder", () => {
    const references = [...html.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(references.filter((ref) => ref !== "data:,")).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\.\/assets\/.+\.js$/), expect.stringMatching(/^\.\/assets\/.+\.css$/)]),
    );
    for (const ref of references) expect(ref).toMatch(/^(\.\/assets\/|data:,$)/);
  });

  it("emits no source maps and no fonts or remote URLs in the stylesheet", () => {
    const assets = readdirSync(join(outDir, "assets"));
    expect(assets.filter((name) => name.endsWith(".map"))).toEqual([]);
    const css = assets.filter((name) => name.endsWith(".css")).map((name) => readFileSync(join(outDir, "assets", name), "utf8"));
    expect(css.join("")).not.toMatch(/@import|@font-face|url\(\s*["']?https?:/);
  });
});
