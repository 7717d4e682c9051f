import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export const hostPaths = {
  rendererDir: path.join(repoRoot, "dist", "renderer"),
  engineEntrySource: path.join(repoRoot, "electron", "engine", "entry.ts"),
  /** The same folder Electron's `app.getPath("userData")` gives the desktop app on Linux. */
  defaultDataDir: path.join(process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), ".config"), "Edge Gemma"),
};
