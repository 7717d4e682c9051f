// Static checks of what the .deb ships for `edge-gemma --headless`: the command-line launcher and the systemd user
// unit (packaging/linux/, electron-builder.yml deb.fpm).
import { spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseDesktopFile } from "./deb-files.mjs";
import * as E from "./expectations.mjs";

export async function checkHeadlessFiles(report, deb, { debArch }) {
  const entries = new Map(deb.listing.map((e) => [e.path, e]));
  const launcher = entries.get(E.LAUNCHER);
  const launcherFile = path.join(deb.root, E.LAUNCHER);
  const launcherText = await readFile(launcherFile, "utf8").catch(() => "");
  report.check(`[${debArch}] headless: ${E.LAUNCHER} is an executable POSIX shell script`,
    launcher != null && /^-rwxr-xr-x/.test(launcher.mode) && launcherText.startsWith("#!/bin/sh\n") && spawnSync("sh", ["-n", launcherFile]).status === 0,
    launcher?.mode);
  report.check(`[${debArch}] headless: the launcher runs ${E.HEADLESS_ENTRY} from app.asar with ELECTRON_RUN_AS_NODE=1`,
    launcherText.includes(`ELECTRON_RUN_AS_NODE=1 exec "$app_dir/edge-gemma" "$app_dir/resources/app.asar${E.HEADLESS_ENTRY}"`));

  const unitEntry = entries.get(E.USER_UNIT);
  const unit = parseDesktopFile(await readFile(path.join(deb.root, E.USER_UNIT), "utf8").catch(() => ""));
  const service = unit.Service ?? {};
  report.check(`[${debArch}] headless: systemd user unit ${E.USER_UNIT} (mode 644)`, unitEntry != null && /^-rw-r--r--/.test(unitEntry.mode), unitEntry?.mode);
  report.check(`[${debArch}] headless: the unit runs /usr/bin/edge-gemma --headless, restarts on failure, is wanted by default.target`,
    service.ExecStart === "/usr/bin/edge-gemma --headless" && service.Restart === "on-failure" && unit.Install?.WantedBy === "default.target",
    `ExecStart=${service.ExecStart} Restart=${service.Restart} WantedBy=${unit.Install?.WantedBy}`);
  // V8 compiles JavaScript to machine code at run time; systemd.exec(5): MemoryDenyWriteExecute= is incompatible with JIT engines.
  report.check(`[${debArch}] headless: the unit is hardened (NoNewPrivileges) without MemoryDenyWriteExecute, which would stop V8's JIT`,
    service.NoNewPrivileges === "yes" && !("MemoryDenyWriteExecute" in service), `NoNewPrivileges=${service.NoNewPrivileges}`);
}
