import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";

const fromRoot = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * index.html carries the production CSP. The dev server needs two relaxations it must never ship:
 * React Refresh's inline preamble script and Vite's injected <style> tags (plus its HMR socket,
 * which `connect-src ws:` already allows). Only applied by `vite` (serve), never by `vite build`.
 */
function relaxCspForDevServer(): Plugin {
  return {
    name: "edge-gemma:dev-csp",
    apply: "serve",
    transformIndexHtml: (html) =>
      html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
  };
}

/** The renderer: loaded by Electron from a file/custom protocol, hence relative asset URLs. */
export default defineConfig({
  root: fromRoot("./renderer"),
  base: "./",
  plugins: [react(), relaxCspForDevServer()],
  build: {
    outDir: fromRoot("./dist/renderer"),
    emptyOutDir: true,
    sourcemap: false,
    // Never turn an asset into a data: URL that could end up somewhere the CSP does not allow.
    assetsInlineLimit: 0,
    // One CSS file, linked from index.html: never injected as <style> (CSP `style-src 'self'`).
    cssCodeSplit: false,
    // React + react-markdown + highlight.js grammars + zod, loaded from disk: size is not a network cost.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    host: "127.0.0.1",
    port: 5173,
    strictPort: true,
  },
  preview: {
    host: "127.0.0.1",
    port: 4173,
    strictPort: true,
  },
});
