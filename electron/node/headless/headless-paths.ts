import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
// Built: <app>/dist-electron/electron/node/headless/ (inside app.asar in the .deb). From a checkout under tsx: electron/node/headless/.
const fromSource = import.meta.url.endsWith(".ts");
const appRoot = path.resolve(here, fromSource ? "../../.." : "../../../..");

export const headlessPaths = {
  packageJson: path.join(appRoot, "package.json"),
  rendererDir: path.join(appRoot, "dist", "renderer"),
  engineEntry: fromSource ? path.join(appRoot, "electron", "engine", "entry.ts") : path.join(appRoot, "dist-electron", "electron", "engine", "entry.js"),
  /** What the forked engine needs to run the entry: the TypeScript loader from a checkout, nothing when built. */
  engineExecArgv: fromSource ? ["--import", "tsx"] : [],
};
