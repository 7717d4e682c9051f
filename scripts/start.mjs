#!/usr/bin/env node
// `npm start`: build the app, then run it in Electron. Where the Electron binary can't be had, say so in one line.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const electronDir = path.dirname(require.resolve("electron/package.json"));

function installedElectron() {
  const pathFile = path.join(electronDir, "path.txt");
  if (!existsSync(pathFile)) return undefined;
  const binary = path.join(electronDir, "dist", readFileSync(pathFile, "utf8").trim());
  return existsSync(binary) ? binary : undefined;
}

let electron = installedElectron();
if (!electron) {
  console.log("Fetching the Electron runtime (once)…");
  spawnSync(process.execPath, [path.join(electronDir, "install.js")], { stdio: "pipe", timeout: 600_000 });
  electron = installedElectron();
}
if (!electron) {
  console.error(
    "Edge Gemma: the Electron runtime could not be downloaded here (no access to its download host) — run `npm start` on a machine with internet, install the .deb, or use `npm run serve` to run the app in a browser.",
  );
  process.exit(1);
}

const build = spawnSync("npm", ["run", "--silent", "build"], { stdio: "inherit" });
if (build.status !== 0) process.exit(build.status ?? 1);

const app = spawnSync(electron, [".", ...process.argv.slice(2)], { stdio: "inherit" });
process.exit(app.status ?? 1);
