import { copyFile, mkdir, mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { ApiAccess } from "../../../electron/node/api/api-access.ts";
import { DesktopPriority } from "../../../electron/node/api/desktop-priority.ts";
import { startApiAccess } from "../../../electron/node/api/start-api-access.ts";
import { AppBackend } from "../../../electron/node/services/app-backend.ts";
import type { SettingsPatch } from "../../../electron/common/contract/app/settings.ts";
import { spawnTestEngine } from "../../support/engine.ts";
import { testLoadOptions, tinyModel } from "../../support/models.ts";
import { catalogFileName } from "./api-app.ts";

export interface AccessApp {
  backend: AppBackend;
  access: ApiAccess;
  dataDir: string;
  /** Changes the settings as the UI does, and waits until the API follows them. */
  update(api: SettingsPatch["api"]): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real backend with the tiny model file in its models folder (listed, never loaded: these tests are about who
 * may call), and the API as the desktop app, headless mode and `npm run serve` run it: following the settings.
 */
export async function startAccessApp(options: { port: number; forceLocal?: boolean }): Promise<AccessApp> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "edge-gemma-access-"));
  await mkdir(path.join(dataDir, "models"), { recursive: true });
  await copyFile(await tinyModel("q4_0"), path.join(dataDir, "models", catalogFileName));
  const desktopPriority = new DesktopPriority();
  const backend = new AppBackend({ beforeDesktopAnswer: desktopPriority.beforeDesktopAnswer, spawnEngine: spawnTestEngine(), userDataDir: dataDir, devicePollMs: 0, loadOptions: testLoadOptions });
  await backend.start();
  const access = await startApiAccess({ backend, desktopPriority, userDataDir: dataDir, version: "0.1.0", port: options.port, ...(options.forceLocal && { forceLocal: true }) });
  return {
    backend,
    access,
    dataDir,
    async update(api) {
      await backend.settings.update({ patch: { api } });
      await access.settled();
    },
    async close() {
      await access.close();
      backend.dispose();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A port nothing listens on right now (the kernel's pick, released again). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** How a TCP connection to host:port ends: "connected", or the error code (ECONNREFUSED when nothing listens). */
export function connectOutcome(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? String(error)));
  });
}

/** This machine's first IPv4 address on a network (not loopback), for calling the API as another device would. */
export function networkAddress(): string | undefined {
  return Object.values(os.networkInterfaces())
    .flatMap((addresses) => addresses ?? [])
    .find((address) => address.family === "IPv4" && !address.internal)?.address;
}
