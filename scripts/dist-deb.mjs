#!/usr/bin/env node
// Builds the Edge Gemma .deb packages with electron-builder (electron-builder.yml).
//
//   npm run dist:deb                      # arm64 + x64, real Electron (downloaded by electron-builder)
//   npm run dist:deb -- --arch arm64      # just the Raspberry Pi package
//   npm run dist:deb -- --packager fpm    # electron-builder's own fpm instead of dpkg-deb
//   npm run dist:deb -- --electron-dist DIR --skip-build   # (package test) placeholder Electron
//
// The .deb is written by packaging/fpm/dpkg-deb-fpm.mjs (Debian's dpkg-deb, via
// electron-builder's CUSTOM_FPM_PATH) whenever dpkg-deb is on PATH, so the
// build works offline for fpm and on arm64 hosts such as a Raspberry Pi.
// With --electron-dist the Electron fuses are skipped: they need the real binary.
import { spawnSync } from "node:child_process";
import { chmod, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { renderIcons } from "../packaging/icons/render-icons.mjs";

export const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const FPM_REPLACEMENT = path.join(PROJECT_DIR, "packaging", "fpm", "dpkg-deb-fpm.mjs");
export const BUILD_OUTPUTS = [
  "dist-electron/electron/electron-main/index.js",
  "dist-electron/preload/index.cjs",
  "dist-electron/electron/engine/entry.js",
  "dist/renderer/index.html",
];

function commandExists(command) {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

export async function missingBuildOutputs(projectDir = PROJECT_DIR) {
  const missing = [];
  for (const file of BUILD_OUTPUTS) {
    if (!(await stat(path.join(projectDir, file)).catch(() => null))) missing.push(file);
  }
  return missing;
}

/**
 * @param {{archs?: string[], electronDist?: string, packager?: "dpkg-deb"|"fpm", skipBuild?: boolean, projectDir?: string, outDir?: string}} options
 * @returns {Promise<string[]>} the .deb files written
 */
export async function distDeb(options = {}) {
  const projectDir = options.projectDir ?? PROJECT_DIR;
  const archs = options.archs ?? ["arm64", "x64"];
  const packager = options.packager ?? (commandExists("dpkg-deb") ? "dpkg-deb" : "fpm");

  if (!options.skipBuild) {
    const result = spawnSync("npm", ["run", "build"], { cwd: projectDir, stdio: "inherit" });
    if (result.status !== 0) throw new Error("npm run build failed");
  }
  const missing = await missingBuildOutputs(projectDir);
  if (missing.length > 0) throw new Error(`build output missing (run npm run build): ${missing.join(", ")}`);

  await renderIcons(path.join(projectDir, ".cache", "icons"));

  if (packager === "dpkg-deb") {
    await chmod(FPM_REPLACEMENT, 0o755); // a checkout may have lost the execute bit
    process.env.CUSTOM_FPM_PATH = FPM_REPLACEMENT;
  } else {
    delete process.env.CUSTOM_FPM_PATH;
  }

  const config = {};
  if (options.outDir) config.directories = { output: path.resolve(options.outDir) };
  if (options.electronDist) {
    config.electronDist = path.resolve(options.electronDist);
    config.electronFuses = null; // fuses can only be flipped in the real Electron binary
    console.log(`dist-deb: Electron from ${config.electronDist} (fuses skipped)`);
  }
  console.log(`dist-deb: ${archs.join(", ")} with ${packager === "dpkg-deb" ? "dpkg-deb (packaging/fpm/dpkg-deb-fpm.mjs)" : "electron-builder's fpm"}`);

  const previousDir = process.cwd();
  process.chdir(projectDir); // fpm mappings in electron-builder.yml are relative to the project
  try {
    const { build, Platform, Arch } = (await import("electron-builder")).default;
    for (const arch of archs) if (!["arm64", "x64"].includes(arch)) throw new Error(`unsupported arch ${arch} (arm64 or x64)`);
    const artifacts = await build({
      projectDir,
      targets: Platform.LINUX.createTarget(["deb"], ...archs.map((arch) => Arch[arch])),
      config,
      publish: "never",
    });
    return artifacts.filter((file) => file.endsWith(".deb"));
  } finally {
    process.chdir(previousDir);
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      arch: { type: "string", multiple: true },
      "electron-dist": { type: "string" },
      packager: { type: "string" },
      "skip-build": { type: "boolean", default: false },
      out: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log("usage: node scripts/dist-deb.mjs [--arch arm64|x64]... [--packager dpkg-deb|fpm] [--electron-dist DIR] [--skip-build] [--out DIR]");
    return;
  }
  if (values.packager && !["dpkg-deb", "fpm"].includes(values.packager)) throw new Error("--packager is dpkg-deb or fpm");
  const archs = values.arch?.flatMap((a) => (a === "all" ? ["arm64", "x64"] : a.split(",")));
  const debs = await distDeb({ archs, electronDist: values["electron-dist"], packager: values.packager, skipBuild: values["skip-build"], outDir: values.out });
  for (const deb of debs) console.log(`dist-deb: wrote ${path.relative(process.cwd(), deb)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`dist-deb: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}
