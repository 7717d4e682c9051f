// Installs the .deb in the arm64 root with apt (dependencies from Debian),
// checks what its post-install script did, and later purges it.
import { existsSync } from "node:fs";
import { copyFile, lstat, mkdir, readdir, readFile, readlink, stat, writeFile, chmod } from "node:fs/promises";
import path from "node:path";
import { runInRoot, runLogged } from "./arm64-root.mjs";
import * as E from "./expectations.mjs";

const PKGTEST = "/root/pkgtest";
const host = (root, absolute) => path.join(root, absolute);

async function syncDebs(fromDir, toDir) {
  await mkdir(toDir, { recursive: true });
  for (const name of await readdir(fromDir).catch(() => [])) {
    if (name.endsWith(".deb") && !existsSync(path.join(toDir, name))) await copyFile(path.join(fromDir, name), path.join(toDir, name));
  }
}

async function packageStatus(root, logFile) {
  const result = await runInRoot(root, ["dpkg-query", "-W", "-f=${Status}", E.PACKAGE_NAME], { logFile });
  return result.status === 0 ? result.output.trim() : "not installed";
}

export async function installPackage(report, root, debPath, { logFile, archivesCache }) {
  await mkdir(host(root, PKGTEST), { recursive: true });
  const debInRoot = `${PKGTEST}/${path.basename(debPath)}`;
  await copyFile(debPath, host(root, debInRoot));
  const archives = host(root, "/var/cache/apt/archives");
  await syncDebs(archivesCache, archives);

  const update = await runInRoot(root, ["apt-get", "update"], { logFile, timeoutMs: 10 * 60_000 });
  report.check("arm64 root: apt-get update", update.status === 0, update.status === 0 ? "" : update.output.slice(-500));
  // Depends only (no Recommends): proves the Depends list alone is complete, and keeps qemu time down.
  const install = await runInRoot(root, ["apt-get", "install", "-y", "--no-install-recommends", debInRoot], { logFile, timeoutMs: 20 * 60_000 });
  const counted = /(\d+) newly installed/.exec(install.output)?.[1] ?? "?";
  report.check(`apt-get install ./${path.basename(debPath)}: dependencies resolved from Debian bookworm arm64`,
    install.status === 0, install.status === 0 ? `${counted} packages installed` : `exit ${install.status}; log ${logFile}\n${install.output.slice(-1500)}`);
  await syncDebs(archives, archivesCache);

  const status = await packageStatus(root, logFile);
  report.check("dpkg: edge-gemma installed and configured (postinst exited 0)", status === "install ok installed", status);
  if (install.status !== 0) return false;

  const link = await readlink(host(root, "/usr/bin/edge-gemma")).catch(() => null);
  const alternative = await readlink(host(root, "/etc/alternatives/edge-gemma")).catch(() => null);
  report.check(`postinst: /usr/bin/edge-gemma -> update-alternatives -> ${E.LAUNCHER}`,
    link === "/etc/alternatives/edge-gemma" && alternative === E.LAUNCHER, `${link} -> ${alternative}`);

  const usernsProbe = await runInRoot(root, ["sh", "-c", "[ -L /proc/self/ns/user ] && unshare --user true"], { logFile });
  const wanted = usernsProbe.status === 0 ? 0o755 : 0o4755;
  const sandbox = await stat(host(root, `${E.PRODUCT_DIR}/chrome-sandbox`)).catch(() => null);
  report.check(`postinst: chrome-sandbox root-owned, mode ${wanted.toString(8)} (user namespaces ${usernsProbe.status === 0 ? "work" : "are unavailable in this chroot: SUID helper"})`,
    sandbox != null && sandbox.uid === 0 && sandbox.gid === 0 && (sandbox.mode & 0o7777) === wanted,
    sandbox ? `uid ${sandbox.uid} mode ${(sandbox.mode & 0o7777).toString(8)}` : "missing");

  // The other branch: with working user namespaces the SUID bit is dropped (simulated with a stub `unshare`).
  await mkdir(host(root, `${PKGTEST}/userns-bin`), { recursive: true });
  await writeFile(host(root, `${PKGTEST}/userns-bin/unshare`), "#!/bin/sh\nexit 0\n");
  await chmod(host(root, `${PKGTEST}/userns-bin/unshare`), 0o755);
  const postinst = `/var/lib/dpkg/info/${E.PACKAGE_NAME}.postinst`;
  await runInRoot(root, ["env", `PATH=${PKGTEST}/userns-bin:/usr/sbin:/usr/bin:/sbin:/bin`, postinst, "configure"], { logFile });
  const relaxed = (await stat(host(root, `${E.PRODUCT_DIR}/chrome-sandbox`))).mode & 0o7777;
  await runInRoot(root, [postinst, "configure"], { logFile });
  const restored = (await stat(host(root, `${E.PRODUCT_DIR}/chrome-sandbox`))).mode & 0o7777;
  report.check("postinst: chrome-sandbox 0755 when user namespaces work (stub unshare), SUID again otherwise",
    relaxed === 0o755 && restored === wanted, `${relaxed.toString(8)} then ${restored.toString(8)}`);

  const launcher = await readFile(host(root, E.MAIN_DESKTOP_FILE), "utf8").catch(() => "");
  const icon = existsSync(host(root, `/usr/share/icons/hicolor/256x256/apps/${E.ICON_NAME}.png`));
  report.check("installed: menu entries and icons in /usr/share", launcher.includes("StartupWMClass") && icon && existsSync(host(root, E.SAFE_MODE_DESKTOP_FILE)));
  return true;
}

async function leftovers(root, dir, pattern) {
  const found = [];
  for (const name of await readdir(host(root, dir)).catch(() => [])) {
    const full = host(root, path.join(dir, name));
    if (pattern.test(name)) found.push(path.join(dir, name));
    else if ((await lstat(full)).isFile() && pattern.test(await readFile(full, "utf8").catch(() => ""))) found.push(`${path.join(dir, name)} (mentions it)`);
  }
  return found;
}

export async function purgePackage(report, root, { logFile }) {
  const purge = await runInRoot(root, ["apt-get", "purge", "-y", E.PACKAGE_NAME], { logFile, timeoutMs: 10 * 60_000 });
  report.check("apt-get purge edge-gemma", purge.status === 0, purge.status === 0 ? "" : purge.output.slice(-800));
  const status = await packageStatus(root, logFile);
  report.check("dpkg: edge-gemma gone after purge (no config files kept)", status === "not installed" || /not-installed$/.test(status), status);
  const optLeft = await readdir(host(root, "/opt")).catch(() => []);
  report.check("purge: nothing left in /opt", optLeft.length === 0, optLeft.join(", ") || "/opt empty or gone");
  const appsLeft = await leftovers(root, "/usr/share/applications", /edgegemma|edge-gemma|Edge Gemma/i);
  report.check("purge: nothing left in /usr/share/applications", appsLeft.length === 0, appsLeft.join(", "));
  const icons = await runLogged("find", [host(root, "/usr/share/icons"), "-name", `${E.ICON_NAME}.*`]);
  const binLeft = [];
  for (const p of ["/usr/bin/edge-gemma", "/etc/alternatives/edge-gemma"]) if (await lstat(host(root, p)).catch(() => null)) binLeft.push(p);
  report.check("purge: no icons, /usr/bin link or alternative left", icons.output.trim() === "" && binLeft.length === 0, `${icons.output.trim()} ${binLeft.join(" ")}`.trim());
}
