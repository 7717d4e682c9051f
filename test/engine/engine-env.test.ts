// @vitest-environment node
import { describe, expect, it } from "vitest";
import { engineMallocTunables, engineProcessEnv } from "../../electron/node/services/inference/engine-env.ts";

describe("the engine process's environment", () => {
  it("is the parent's plus a fixed glibc mmap threshold", () => {
    expect(engineProcessEnv({ PATH: "/usr/bin", HOME: "/home/pi" })).toEqual({ PATH: "/usr/bin", HOME: "/home/pi", GLIBC_TUNABLES: engineMallocTunables });
    expect(engineMallocTunables).toBe("glibc.malloc.mmap_threshold=131072");
  });

  it("keeps tunables set for the app, and a threshold set there wins", () => {
    expect(engineProcessEnv({ GLIBC_TUNABLES: "glibc.malloc.arena_max=2" })["GLIBC_TUNABLES"]).toBe(`glibc.malloc.arena_max=2:${engineMallocTunables}`);
    expect(engineProcessEnv({ GLIBC_TUNABLES: "glibc.malloc.mmap_threshold=65536" })["GLIBC_TUNABLES"]).toBe("glibc.malloc.mmap_threshold=65536");
  });
});
