// A stand-in for the Electron distribution (electron-builder's electronDist):
// the real Electron zip cannot be downloaded here. electron-builder copies the
// folder and renames `electron` to the executable name; the package's
// post-install script sets the mode of `chrome-sandbox`. Everything else in the
// package (app.asar, node-llama-cpp binaries, launchers, icons, scripts) is real.
import { chmod, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export const PLACEHOLDER_MARKER = "edge-gemma package test: placeholder, not the Electron binary";

export async function createPlaceholderElectron(electronVersion) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "edge-gemma-placeholder-electron-"));
  await mkdir(path.join(dir, "resources"), { recursive: true });
  await mkdir(path.join(dir, "locales"), { recursive: true });
  const executable = path.join(dir, "electron");
  await writeFile(executable, `#!/bin/sh\n# ${PLACEHOLDER_MARKER}\necho "${PLACEHOLDER_MARKER}" >&2\nexit 1\n`);
  await chmod(executable, 0o755);
  await writeFile(path.join(dir, "chrome-sandbox"), `${PLACEHOLDER_MARKER}\n`);
  await chmod(path.join(dir, "chrome-sandbox"), 0o755);
  await writeFile(path.join(dir, "chrome_crashpad_handler"), `${PLACEHOLDER_MARKER}\n`);
  await chmod(path.join(dir, "chrome_crashpad_handler"), 0o755);
  await writeFile(path.join(dir, "locales", "en-US.pak"), "");
  await writeFile(path.join(dir, "LICENSE"), "placeholder for Electron's LICENSE\n");
  await writeFile(path.join(dir, "LICENSES.chromium.html"), "<!-- placeholder -->\n");
  await writeFile(path.join(dir, "version"), `${electronVersion}\n`);
  return dir;
}
