// Runs the INSTALLED `edge-gemma --headless` in the arm64 root, through /usr/bin/edge-gemma and the launcher, and
// checks the systemd user unit with the root's own systemd (Debian bookworm arm64's, as on Raspberry Pi OS).
// Needs what runEngineChecks prepared: the arm64 Node in /root/pkgtest/node and the installed app.asar extracted
// to /root/pkgtest/app.
import { existsSync } from "node:fs";
import { chmod, copyFile, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { runInRoot } from "./arm64-root.mjs";
import { PI5_QEMU_CPU } from "./engine-checks.mjs";
import * as E from "./expectations.mjs";

const PKGTEST = "/root/pkgtest";
const DATA_FOLDER = "/root/.config/Edge Gemma";
const PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
const host = (root, absolute) => path.join(root, absolute);

/**
 * The real Electron binary cannot be downloaded here, so the package holds a placeholder. This stand-in does what
 * the launcher relies on: with ELECTRON_RUN_AS_NODE set, Electron "starts the process as a normal Node.js process"
 * (electron/electron docs/api/environment-variables.md). Electron reads app.asar itself (lib/node/init.ts wraps fs
 * with ASAR support); plain Node cannot, so a path inside the installed app.asar is mapped to its extracted copy.
 */
const electronRunAsNodeStandIn = `#!/bin/sh
# edge-gemma package test: stand-in for the Electron binary run as Node (test/package/headless-checks.mjs)
if [ -z "\${ELECTRON_RUN_AS_NODE+set}" ]; then echo "stand-in: only ELECTRON_RUN_AS_NODE is imitated" >&2; exit 1; fi
script=$1; shift
case "$script" in
  "${E.PRODUCT_DIR}/resources/app.asar/"*) script="${PKGTEST}/app/\${script#${E.PRODUCT_DIR}/resources/app.asar/}" ;;
esac
exec ${PKGTEST}/node "$script" "$@"
`;

function lastJsonLine(output) {
  const line = output.trim().split("\n").reverse().find((l) => l.trim().startsWith("{"));
  try {
    return line ? JSON.parse(line) : null;
  } catch {
    return null;
  }
}

export async function runHeadlessChecks(report, root, { projectDir, modelPath, logFile }) {
  if (!existsSync(host(root, `${PKGTEST}/node`)) || !existsSync(host(root, `${PKGTEST}/app${E.HEADLESS_ENTRY}`))) {
    report.check("headless: arm64 Node and the extracted app.asar are in the root", false, "the engine checks did not prepare them");
    return;
  }
  await writeFile(host(root, E.EXECUTABLE), electronRunAsNodeStandIn);
  await chmod(host(root, E.EXECUTABLE), 0o755);
  await copyFile(path.join(projectDir, "test", "package", "headless-probe.mjs"), host(root, `${PKGTEST}/headless-probe.mjs`));
  // A model already in the data folder, so /api/tags has something to list.
  await mkdir(host(root, `${DATA_FOLDER}/models`), { recursive: true });
  await copyFile(modelPath, host(root, `${DATA_FOLDER}/models/tiny-q4_0.gguf`));

  const run = await runInRoot(root, [`${PKGTEST}/node`, `${PKGTEST}/headless-probe.mjs`, `${PKGTEST}/app/node_modules/ws`],
    { env: { HOME: "/root", PATH, QEMU_CPU: PI5_QEMU_CPU }, logFile, timeoutMs: 20 * 60_000 });
  const probe = lastJsonLine(run.output);
  const failure = probe?.error ?? `exit ${run.status}\n${run.output.slice(-1500)}`;
  const loopback = probe?.loopback;
  report.check("headless: /usr/bin/edge-gemma --headless serves on loopback by default",
    /^http:\/\/127\.0\.0\.1:\d+\/$/.test(loopback?.url ?? ""), loopback?.url ?? failure);
  report.check("headless: the browser host answers GET / with the app page and its Content-Security-Policy",
    loopback?.page?.status === 200 && loopback.page.title === "Edge Gemma" && /default-src 'none'/.test(loopback.page.csp ?? ""), JSON.stringify(loopback?.page ?? null));
  report.check("headless: the app answers over the page's WebSocket (settings.get)", loopback?.rpc?.ok === true && loopback.rpc.hasSettings,
    JSON.stringify(loopback?.rpc ?? null));
  report.check(`headless: data folder is the desktop app's (${DATA_FOLDER})`, loopback?.dataFolder === DATA_FOLDER && loopback.dataFolderExists, loopback?.dataFolder);
  report.check("headless: GET /api/version answers the package's version", typeof loopback?.apiVersion?.version === "string" && loopback.apiVersion.version.length > 0,
    JSON.stringify(loopback?.apiVersion ?? null));
  report.check("headless: GET /api/tags lists the model in the data folder", Array.isArray(loopback?.apiTags) && loopback.apiTags.length === 1,
    JSON.stringify(loopback?.apiTags ?? null));
  report.check("headless: SIGTERM (systemctl stop) ends it with exit code 0", loopback?.stopped?.code === 0, JSON.stringify(loopback?.stopped ?? null));
  const lan = probe?.lan;
  report.check("headless: --host 0.0.0.0 needs the printed access token (401 without, 200 with)",
    lan?.hasToken === true && lan.withoutToken === 401 && lan.withToken === 200, JSON.stringify(lan ?? failure));

  await checkUserUnit(report, root, { logFile });
}

async function checkUserUnit(report, root, { logFile }) {
  report.check(`headless: ${E.USER_UNIT} installed`, existsSync(host(root, E.USER_UNIT)));
  // The minbase root has no systemd; Raspberry Pi OS has. Debian's own, so verify runs the Pi's systemd 252.
  const install = await runInRoot(root, ["apt-get", "install", "-y", "--no-install-recommends", "systemd"], { env: { PATH }, logFile, timeoutMs: 15 * 60_000 });
  if (!report.check("arm64 root: apt-get install systemd (to verify the unit)", install.status === 0, install.status === 0 ? "" : install.output.slice(-800))) return;
  await mkdir(host(root, "/run/user/0"), { recursive: true, mode: 0o700 });
  const env = { PATH, HOME: "/root", XDG_RUNTIME_DIR: "/run/user/0" };
  const paths = await runInRoot(root, ["systemd-analyze", "--user", "unit-paths"], { env, logFile });
  report.check("systemd-analyze --user unit-paths includes /usr/lib/systemd/user (where systemctl --user finds the unit)",
    paths.output.split("\n").some((line) => line.trim() === "/usr/lib/systemd/user"), paths.status === 0 ? "" : paths.output.slice(-500));
  const verify = await runInRoot(root, ["systemd-analyze", "--user", "verify", path.basename(E.USER_UNIT)], { env, logFile });
  report.check("systemd-analyze --user verify edge-gemma.service: no warnings", verify.status === 0 && verify.output.trim() === "", verify.output.trim().slice(-800));
}
