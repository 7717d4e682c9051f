import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { cleanUpAbandonedRuns, endRegisteredHosts, registryFor } from "./processes.ts";
import { chromiumPath, rendererDir, repoRoot, screenshotsDir } from "./paths.ts";

/**
 * Once for the whole suite: check the browser is there, build the renderer (the hosts then start
 * without rebuilding it), and make the registry of started process groups; the teardown ends any
 * group a failed test file left behind.
 */
export default function setup(): () => void {
  if (!existsSync(chromiumPath)) {
    throw new Error(`No Chromium at ${chromiumPath}: apt-get update && apt-get install -y chromium (or set E2E_CHROMIUM)`);
  }
  if (process.env["E2E_SKIP_BUILD"] === "1" && existsSync(path.join(rendererDir, "index.html"))) {
    console.log("[e2e] E2E_SKIP_BUILD=1: using the renderer already in dist/renderer");
  } else {
    const started = Date.now();
    const build = spawnSync(process.execPath, [path.join(repoRoot, "node_modules", "vite", "bin", "vite.js"), "build", "--logLevel", "warn"], {
      cwd: repoRoot,
      stdio: "inherit",
    });
    if (build.status !== 0) throw new Error(`Building the renderer failed (vite build exited ${build.status ?? build.signal})`);
    console.log(`[e2e] renderer built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  mkdirSync(screenshotsDir, { recursive: true });
  // The 简体中文 screenshots need a CJK font; without one Chromium draws boxes (the tests still pass).
  const cjkFonts = spawnSync("fc-list", [":lang=zh", "family"], { encoding: "utf8" });
  if (cjkFonts.status !== 0 || cjkFonts.stdout.trim() === "") {
    console.warn("[e2e] no Chinese font installed: the zh-CN screenshots will show boxes (apt-get install -y fonts-wqy-microhei)");
  }

  const abandoned = cleanUpAbandonedRuns();
  if (abandoned.length > 0) console.warn(`[e2e] ended host(s) an interrupted earlier run left behind: ${abandoned.join(", ")}`);
  const registry = registryFor(process.pid);
  mkdirSync(registry, { recursive: true });
  process.env["EDGE_GEMMA_E2E_REGISTRY"] = registry;

  return () => {
    const leftovers = endRegisteredHosts(registry);
    if (leftovers.length > 0) console.warn(`[e2e] ended host(s) a test file left running: ${leftovers.join(", ")}`);
    rmSync(registry, { recursive: true, force: true });
  };
}
