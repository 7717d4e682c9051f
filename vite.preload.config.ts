import { defineConfig } from "vite";

// The preload runs sandboxed, so it must be one self-contained CommonJS file with only `electron` external.
export default defineConfig({
  build: {
    outDir: "dist-electron/preload",
    emptyOutDir: true,
    minify: false,
    sourcemap: false,
    lib: { entry: "electron/electron-preload/index.ts", formats: ["cjs"], fileName: () => "index.cjs" },
    rollupOptions: { external: ["electron"] },
  },
});
