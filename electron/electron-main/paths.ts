import path from "node:path";
import { fileURLToPath } from "node:url";

// This file is built to dist-electron/electron/electron-main/paths.js; the app root is three levels up.
const appRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export const appPaths = {
  root: appRoot,
  renderer: path.join(appRoot, "dist", "renderer"),
  preload: path.join(appRoot, "dist-electron", "preload", "index.cjs"),
  engineEntry: path.join(appRoot, "dist-electron", "electron", "engine", "entry.js"),
};
