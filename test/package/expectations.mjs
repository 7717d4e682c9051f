// What the Edge Gemma .deb must look like (electron-builder.yml, packaging/).

export const PACKAGE_NAME = "edge-gemma";
export const PRODUCT_DIR = "/opt/Edge Gemma";
export const EXECUTABLE = `${PRODUCT_DIR}/edge-gemma`;
/** What /usr/bin/edge-gemma runs (packaging/linux/edge-gemma-launcher): the desktop app, or with --headless no window. */
export const LAUNCHER = `${PRODUCT_DIR}/edge-gemma-launcher`;
/** The headless entry inside app.asar, which the launcher runs with ELECTRON_RUN_AS_NODE=1. */
export const HEADLESS_ENTRY = "/dist-electron/electron/node/headless/main.js";
/** On the user unit search path (systemd.unit(5), "User Unit Search Path": /usr/lib/systemd/user/*). */
export const USER_UNIT = "/usr/lib/systemd/user/edge-gemma.service";
export const DESKTOP_ID = "io.github.edgegemma.EdgeGemma";
export const MAIN_DESKTOP_FILE = `/usr/share/applications/${DESKTOP_ID}.desktop`;
export const SAFE_MODE_DESKTOP_FILE = `/usr/share/applications/${DESKTOP_ID}.safe-mode.desktop`;
export const ICON_NAME = "edge-gemma";
export const ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];

/** Debian architecture -> node/electron-builder arch and ELF e_machine. */
export const ARCHES = {
  arm64: { nodeArch: "arm64", elfMachine: 183, elfName: "AArch64" },
  amd64: { nodeArch: "x64", elfMachine: 62, elfName: "x86-64" },
};

/** Must be in Depends (electron-builder's defaults plus what Electron/llama.cpp link). */
export const REQUIRED_DEPENDS = [
  "libgtk-3-0", "libnotify4", "libnss3", "libxss1", "libxtst6", "xdg-utils",
  "libatspi2.0-0", "libuuid1", "libsecret-1-0", "libasound2", "libgbm1", "libstdc++6",
];
/** Not in Bookworm: must not be a dependency or recommendation. */
export const FORBIDDEN_RELATIONS = ["libappindicator3-1"];

/** Files the build puts into app.asar. */
export const ASAR_REQUIRED = [
  "/package.json",
  "/dist-electron/electron/electron-main/index.js",
  "/dist-electron/preload/index.cjs",
  "/dist-electron/electron/engine/entry.js",
  HEADLESS_ENTRY,
  "/dist/renderer/index.html",
  "/node_modules/node-llama-cpp/package.json",
  "/node_modules/zod/package.json",
  // The browser host's WebSocket server, which the headless app runs.
  "/node_modules/ws/package.json",
];
/** Never in the package: dev-only packages, sources, source maps, llama.cpp sources. */
export const ASAR_FORBIDDEN = [
  /^\/node_modules\/(electron|electron-builder|react|react-dom|vite|typescript|vitest|tsx)\//,
  /^\/(electron|renderer|tools|test|scripts|packaging)\//,
  /\.map$/,
  /\/node_modules\/node-llama-cpp\/llama\/gitRelease\.bundle$/,
];

/** Paths that mean another architecture's or a GPU build's binaries were shipped. */
export function foreignBinaryPattern(nodeArch) {
  return new RegExp(
    `@node-llama-cpp/(?!linux-${nodeArch}/)[^/]+/|bins/(?!linux-${nodeArch}/)[^/]+/[^/]+\\.(so|node)$|cuda|vulkan|@reflink/reflink-(?!linux-${nodeArch}-gnu/)`,
  );
}

/**
 * Size budget for the package WITHOUT the Electron binary (the placeholder
 * build). The real Electron 45 adds roughly 90 MB to the .deb.
 */
export const SIZE_BUDGET = { debBytes: 15 * 1024 * 1024, installedKiB: 60 * 1024 };
