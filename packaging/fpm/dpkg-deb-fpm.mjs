#!/usr/bin/env node
// A stand-in for fpm that builds electron-builder's .deb with Debian's own
// dpkg-deb. electron-builder runs it when CUSTOM_FPM_PATH points here
// (scripts/dist-deb.mjs sets that). Use it where electron-builder's fpm bundle
// cannot be downloaded or does not run (offline machines, arm64 hosts such as a
// Raspberry Pi). Needs only Node and dpkg-deb (package dpkg, always present on
// Debian and Raspberry Pi OS).
//
// Usage: the fpm subset electron-builder uses, e.g.
//   dpkg-deb-fpm.mjs -s dir -t deb --name n --version 1.0.0 --architecture arm64
//     --maintainer "A <a@b>" --package out.deb [-d dep]... src/=/opt/App file=/usr/share/x
import { spawnSync } from "node:child_process";
import { chmod, copyFile, cp, lstat, mkdir, mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { controlFile, md5sums, scanTree } from "./deb-control.mjs";
import { parseFpmArgs } from "./fpm-args.mjs";

const COMPRESSION = { xz: "xz", gz: "gzip", gzip: "gzip", zstd: "zstd", none: "none" };

async function stageMapping(stagingRoot, { source, destination }) {
  const from = path.resolve(source);
  const to = path.join(stagingRoot, destination.replace(/^\/+/, ""));
  const info = await stat(from).catch(() => null);
  if (info == null) throw new Error(`fpm source not found: ${from}`);
  if (info.isDirectory()) {
    await mkdir(to, { recursive: true });
    await cp(from, to, { recursive: true, verbatimSymlinks: true, force: true });
    return;
  }
  const target = destination.endsWith("/") ? path.join(to, path.basename(from)) : to;
  await mkdir(path.dirname(target), { recursive: true });
  await copyFile(from, target);
  await chmod(target, info.mode & 0o7777);
}

/** Directories 0755; files keep their execute bits but lose group/other write. */
async function normalizeModes(dir) {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await normalizeModes(full);
    else if (entry.isFile()) {
      const { mode } = await lstat(full);
      await chmod(full, (mode & 0o7777 & ~0o022) | 0o644);
    }
  }
}

async function writeMaintainerScripts(debianDir, options) {
  const scripts = { preinst: options.beforeInstall, postinst: options.afterInstall, prerm: options.beforeRemove, postrm: options.afterRemove };
  for (const [name, file] of Object.entries(scripts)) {
    if (!file) continue;
    const target = path.join(debianDir, name);
    await copyFile(path.resolve(file), target);
    await chmod(target, 0o755);
  }
}

function run(command, args) {
  const result = spawnSync(command, args, { stdio: "inherit" });
  if (result.error) throw new Error(`${command} could not run: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${result.status}`);
}

export async function buildDeb(argv) {
  const { options, mappings } = parseFpmArgs(argv);
  const compression = COMPRESSION[options.compression ?? "xz"];
  if (!compression) throw new Error(`dpkg-deb cannot compress with ${options.compression}`);
  const output = path.resolve(options.package);
  if (await stat(output).catch(() => null)) {
    if (!options.force) throw new Error(`${output} exists (pass --force)`);
    await rm(output, { force: true });
  }
  const staging = await mkdtemp(path.join(os.tmpdir(), "dpkg-deb-fpm-"));
  try {
    for (const mapping of mappings) await stageMapping(staging, mapping);
    await normalizeModes(staging);
    const { files, installedSizeKiB } = await scanTree(staging);
    const debianDir = path.join(staging, "DEBIAN");
    await mkdir(debianDir, { mode: 0o755 });
    await writeFile(path.join(debianDir, "control"), controlFile(options, installedSizeKiB), { mode: 0o644 });
    await writeFile(path.join(debianDir, "md5sums"), await md5sums(staging, files), { mode: 0o644 });
    await writeMaintainerScripts(debianDir, options);
    await mkdir(path.dirname(output), { recursive: true });
    console.log(`dpkg-deb-fpm: ${files.length} files, ${installedSizeKiB} KiB installed -> ${output}`);
    run("dpkg-deb", ["--root-owner-group", `-Z${compression}`, "--build", staging, output]);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

try {
  await buildDeb(process.argv.slice(2));
} catch (error) {
  console.error(`dpkg-deb-fpm: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
