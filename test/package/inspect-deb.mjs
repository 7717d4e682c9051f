// Static checks of a built .deb: control fields, files, binaries, launchers, icons, scripts.
import { spawnSync } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import * as E from "./expectations.mjs";
import { checkHeadlessFiles } from "./headless-files.mjs";
import { elfMachine, parseDesktopFile, pngSize, relationNames, splitExec, unpackDeb, walkFiles } from "./deb-files.mjs";

const inRoot = (deb, absolute) => path.join(deb.root, absolute);

function checkControl(report, deb, { debArch, version }) {
  const f = deb.fields;
  report.check(`[${debArch}] control: Package, Version, Architecture`, f.Package === E.PACKAGE_NAME && f.Version === version && f.Architecture === debArch,
    `${f.Package} ${f.Version} ${f.Architecture}`);
  report.check(`[${debArch}] control: Maintainer, Homepage, Section, Priority`,
    /<[^@\s]+@[^>\s]+>/.test(f.Maintainer ?? "") && /^https?:\/\//.test(f.Homepage ?? "") && Boolean(f.Section) && Boolean(f.Priority),
    `${f.Maintainer} | ${f.Homepage} | ${f.Section}/${f.Priority}`);
  const description = (f.Description ?? "").split("\n");
  report.check(`[${debArch}] control: Description has a synopsis and a long description`, description[0].length > 10 && description.length > 1, description[0]);
  const depends = relationNames(f.Depends);
  const missing = E.REQUIRED_DEPENDS.filter((name) => !depends.includes(name));
  report.check(`[${debArch}] control: Depends has Electron's and llama.cpp's libraries`, missing.length === 0, missing.length ? `missing ${missing}` : f.Depends);
  const related = [...depends, ...relationNames(f.Recommends), ...relationNames(f.Suggests)];
  const forbidden = E.FORBIDDEN_RELATIONS.filter((name) => related.includes(name));
  report.check(`[${debArch}] control: no libappindicator3-1 (not in Bookworm)`, forbidden.length === 0, `Recommends: ${f.Recommends ?? "(none)"}`);
  const installedKiB = Number(f["Installed-Size"]);
  report.check(`[${debArch}] size budget without Electron: .deb <= ${E.SIZE_BUDGET.debBytes >> 20} MiB, installed <= ${E.SIZE_BUDGET.installedKiB >> 10} MiB`,
    deb.size <= E.SIZE_BUDGET.debBytes && installedKiB <= E.SIZE_BUDGET.installedKiB,
    `.deb ${(deb.size / 2 ** 20).toFixed(1)} MiB, installed ${(installedKiB / 1024).toFixed(1)} MiB`);
}

async function checkAppFiles(report, deb, { debArch }) {
  const entries = new Map(deb.listing.map((e) => [e.path, e]));
  const exe = entries.get(E.EXECUTABLE);
  report.check(`[${debArch}] files: ${E.EXECUTABLE} is executable`, exe != null && /^-rwx/.test(exe.mode), exe?.mode);
  report.check(`[${debArch}] files: chrome-sandbox is in ${E.PRODUCT_DIR}`, entries.has(`${E.PRODUCT_DIR}/chrome-sandbox`));
  report.check(`[${debArch}] files: everything owned by root:root, nothing group/world-writable`,
    deb.listing.every((e) => e.owner === "root/root" && (e.mode[0] === "l" || (e.mode[5] !== "w" && e.mode[8] !== "w"))));

  const asarPath = `${E.PRODUCT_DIR}/resources/app.asar`;
  report.check(`[${debArch}] files: ${asarPath}`, entries.has(asarPath), `${((entries.get(asarPath)?.size ?? 0) / 2 ** 20).toFixed(1)} MiB`);
  const asar = (await import("@electron/asar")).default;
  const asarFile = inRoot(deb, asarPath);
  const asarList = asar.listPackage(asarFile, { isPack: false }).map((p) => p.split(path.sep).join("/"));
  const missing = E.ASAR_REQUIRED.filter((p) => !asarList.includes(p));
  report.check(`[${debArch}] app.asar: build output, package.json and runtime dependencies`, missing.length === 0, missing.length ? `missing ${missing}` : `${asarList.length} entries`);
  const forbidden = asarList.filter((p) => E.ASAR_FORBIDDEN.some((re) => re.test(p)));
  report.check(`[${debArch}] app.asar: no dev dependencies, sources or source maps`, forbidden.length === 0, forbidden.slice(0, 5).join(", "));
  const manifest = JSON.parse(asar.extractFile(asarFile, "package.json").toString("utf8"));
  report.check(`[${debArch}] app.asar: package.json main exists, desktopName matches the launcher`,
    asarList.includes(`/${manifest.main}`) && manifest.desktopName === `${E.DESKTOP_ID}.desktop`, `main=${manifest.main} desktopName=${manifest.desktopName}`);
  return { asarList };
}

async function checkNativeBinaries(report, deb, { debArch, projectDir }) {
  const { nodeArch, elfMachine: wanted, elfName } = E.ARCHES[debArch];
  const unpackedBins = `${E.PRODUCT_DIR}/resources/app.asar.unpacked/node_modules/@node-llama-cpp/linux-${nodeArch}/bins/linux-${nodeArch}`;
  const shipped = (await readdir(inRoot(deb, unpackedBins)).catch(() => [])).sort();
  const expected = (await readdir(path.join(projectDir, "node_modules", "@node-llama-cpp", `linux-${nodeArch}`, "bins", `linux-${nodeArch}`))).sort();
  report.check(`[${debArch}] app.asar.unpacked: every @node-llama-cpp/linux-${nodeArch} binary, outside the asar`,
    expected.length > 0 && JSON.stringify(shipped) === JSON.stringify(expected), `${shipped.length} files: ${shipped.filter((n) => n.includes("cpu")).join(" ")}`);
  const foreign = deb.listing.map((e) => e.path).filter((p) => E.foreignBinaryPattern(nodeArch).test(p));
  report.check(`[${debArch}] files: no other architecture's, CUDA or Vulkan node-llama-cpp packages, no foreign @reflink module`, foreign.length === 0, foreign.slice(0, 4).join(", "));
  let elfCount = 0;
  const wrong = [];
  for await (const file of walkFiles(deb.root)) {
    const machine = await elfMachine(file);
    if (machine == null) continue;
    elfCount++;
    if (machine !== wanted) wrong.push(`${path.relative(deb.root, file)} (e_machine ${machine})`);
  }
  report.check(`[${debArch}] files: all ${elfCount} ELF binaries are ${elfName}`, elfCount > 0 && wrong.length === 0, wrong.slice(0, 4).join(", "));
}

function validateDesktopFile(file) {
  const result = spawnSync("desktop-file-validate", [file], { encoding: "utf8" });
  if (result.error) return { ok: false, detail: `desktop-file-validate: ${result.error.message} (apt-get install desktop-file-utils)` };
  const output = `${result.stdout}${result.stderr}`.trim();
  return { ok: result.status === 0 && !/error:/i.test(output), detail: output || "valid" };
}

async function checkLaunchers(report, deb, { debArch }) {
  const mainFile = inRoot(deb, E.MAIN_DESKTOP_FILE);
  const safeFile = inRoot(deb, E.SAFE_MODE_DESKTOP_FILE);
  for (const file of [E.MAIN_DESKTOP_FILE, E.SAFE_MODE_DESKTOP_FILE]) {
    const { ok, detail } = validateDesktopFile(inRoot(deb, file));
    report.check(`[${debArch}] desktop-file-validate ${path.basename(file)}`, ok, detail.slice(0, 300));
  }
  const main = parseDesktopFile(await readFile(mainFile, "utf8").catch(() => ""));
  const entry = main["Desktop Entry"] ?? {};
  const exec = splitExec(entry.Exec);
  report.check(`[${debArch}] launcher: Exec runs ${E.EXECUTABLE} with --ozone-platform-hint=auto`,
    exec.program === E.EXECUTABLE && /--ozone-platform-hint=auto/.test(exec.args), entry.Exec);
  report.check(`[${debArch}] launcher: Icon=${E.ICON_NAME}, StartupWMClass=${E.DESKTOP_ID} (= desktop file name = app_id)`,
    entry.Icon === E.ICON_NAME && entry.StartupWMClass === E.DESKTOP_ID, `Icon=${entry.Icon} StartupWMClass=${entry.StartupWMClass}`);
  const action = main["Desktop Action SafeMode"] ?? {};
  report.check(`[${debArch}] launcher: "safe mode" action with --disable-gpu`, /SafeMode/.test(entry.Actions ?? "") && /--disable-gpu/.test(action.Exec ?? ""), action.Exec);
  const safe = parseDesktopFile(await readFile(safeFile, "utf8").catch(() => ""))["Desktop Entry"] ?? {};
  const safeExec = splitExec(safe.Exec);
  report.check(`[${debArch}] launcher: second menu entry "Edge Gemma (safe mode)" runs the same program with --disable-gpu`,
    /safe mode/i.test(safe.Name ?? "") && safeExec.program === E.EXECUTABLE && /--disable-gpu/.test(safeExec.args), `${safe.Name}: ${safe.Exec}`);
  const allText = deb.listing.filter((e) => e.path.endsWith(".desktop")).map((e) => e.path);
  const noSandboxOff = [];
  for (const file of allText) if ((await readFile(inRoot(deb, file), "utf8")).includes("--no-sandbox")) noSandboxOff.push(file);
  for (const script of ["postinst", "postrm"]) {
    if ((await readFile(path.join(deb.control, script), "utf8").catch(() => "")).includes("--no-sandbox")) noSandboxOff.push(script);
  }
  report.check(`[${debArch}] launchers and scripts never pass --no-sandbox`, noSandboxOff.length === 0, noSandboxOff.join(", "));
}

async function checkIcons(report, deb, { debArch }) {
  const wrong = [];
  for (const size of E.ICON_SIZES) {
    const file = inRoot(deb, `/usr/share/icons/hicolor/${size}x${size}/apps/${E.ICON_NAME}.png`);
    const actual = await pngSize(file).catch(() => null);
    if (!actual || actual.width !== size || actual.height !== size) wrong.push(`${size}px: ${actual ? `${actual.width}x${actual.height}` : "missing"}`);
  }
  report.check(`[${debArch}] icons: hicolor PNGs ${E.ICON_SIZES.join(", ")} px`, wrong.length === 0, wrong.join(", "));
  const svg = await readFile(inRoot(deb, `/usr/share/icons/hicolor/scalable/apps/${E.ICON_NAME}.svg`), "utf8").catch(() => "");
  report.check(`[${debArch}] icons: scalable SVG`, svg.includes("<svg"));
}

async function checkScripts(report, deb, { debArch }) {
  const postinst = await readFile(path.join(deb.control, "postinst"), "utf8").catch(() => "");
  const postrm = await readFile(path.join(deb.control, "postrm"), "utf8").catch(() => "");
  report.check(`[${debArch}] postinst/postrm: present, product folder and executable filled in`,
    postinst.includes(`'${E.PRODUCT_DIR}'`) && postrm.includes("update-alternatives --remove 'edge-gemma'") && !/\$\{[a-zA-Z]+\}/.test(postinst + postrm));
  report.check(`[${debArch}] postinst: SUID chrome-sandbox (4755) when user namespaces are unavailable`,
    /chmod 4755 "\$APP_DIR\/chrome-sandbox"/.test(postinst));
  const syntax = ["postinst", "postrm"].every((s) => spawnSync("bash", ["-n", path.join(deb.control, s)]).status === 0);
  report.check(`[${debArch}] postinst/postrm: bash syntax`, syntax);
}

/** All static checks of one .deb. Returns the unpacked deb (its temp folder is the caller's to remove). */
export async function inspectDeb(report, debPath, { debArch, version, projectDir }) {
  const deb = await unpackDeb(debPath);
  const options = { debArch, version, projectDir };
  checkControl(report, deb, options);
  await checkAppFiles(report, deb, options);
  await checkNativeBinaries(report, deb, options);
  await checkLaunchers(report, deb, options);
  await checkIcons(report, deb, options);
  await checkScripts(report, deb, options);
  await checkHeadlessFiles(report, deb, options);
  return deb;
}
