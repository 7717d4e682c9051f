import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Where the e2e suite finds things and puts what it makes. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const serveEntry = path.join(repoRoot, "electron", "node", "host", "serve.ts");
export const rendererDir = path.join(repoRoot, "dist", "renderer");
export const screenshotsDir = path.join(repoRoot, "test-results", "screenshots");
export const axeSourcePath = path.join(repoRoot, "node_modules", "axe-core", "axe.min.js");
export { chromiumPath } from "../../support/chromium.ts";
/** Each host gets a fresh data dir under here, removed when it stops (unless E2E_KEEP_DATA=1). */
export const dataDirPrefix = path.join(os.tmpdir(), "edge-gemma-e2e-");
