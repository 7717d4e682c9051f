// @vitest-environment node
import { describe, expect, it } from "vitest";
import { parseLlamaBenchVariant } from "../../bench/llama-bench-variants.ts";
import { engineMallocTunables } from "../../electron/node/services/inference/engine-env.ts";

describe("llama-bench variants", () => {
  it("runs 'shipped' in the caller's environment, unpinned, with llama-bench's own defaults", () => {
    expect(parseLlamaBenchVariant("shipped", { PATH: "/usr/bin" })).toEqual({ name: "shipped", env: { PATH: "/usr/bin" }, extraArgs: [] });
  });

  it("adds huge pages after the engine's tunables, pins to a core and sets the poll level", () => {
    const variant = parseLlamaBenchVariant("engine+hugetlb+cpu1+poll0", { PATH: "/usr/bin" });
    expect(variant.env["GLIBC_TUNABLES"]).toBe(`${engineMallocTunables}:glibc.malloc.hugetlb=1`);
    expect(variant.cpu).toBe(1);
    expect(variant.extraArgs).toEqual(["--poll", "0"]);
  });

  it("refuses a flag it does not know", () => {
    expect(() => parseLlamaBenchVariant("hugepages")).toThrow(/unknown flag hugepages/);
  });
});
