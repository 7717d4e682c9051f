// @vitest-environment node
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deviceInfoSchema } from "../../electron/common/contract/app/library.ts";
import { createDeviceInfoService, decodeThrottled } from "../../electron/node/services/library/device-info.ts";

/** What a Raspberry Pi 5 8 GB shows, trimmed. */
const piMeminfo = "MemTotal:        8245712 kB\nMemFree:         5123400 kB\nMemAvailable:    7012345 kB\nBuffers:           81234 kB\n";
const piCpuinfo = [0, 1, 2, 3]
  .map((n) => `processor\t: ${n}\nBogoMIPS\t: 108.00\nCPU implementer\t: 0x41\nCPU part\t: 0xd0b\n`)
  .join("\n")
  .concat("\nRevision\t: d04170\nModel\t\t: Raspberry Pi 5 Model B Rev 1.0\n");

describe("device info", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "edge-gemma-device-"));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const put = async (file: string, text: string) => {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  };

  it("reads RAM, CPU, board, temperature and throttling from a Pi-like /proc and /sys", async () => {
    await put("proc/meminfo", piMeminfo);
    await put("proc/cpuinfo", piCpuinfo);
    await put("proc/device-tree/model", "Raspberry Pi 5 Model B Rev 1.0\0");
    await put("sys/class/thermal/thermal_zone0/type", "cpu-thermal\n");
    await put("sys/class/thermal/thermal_zone0/temp", "61850\n");
    const calls: string[] = [];
    const service = createDeviceInfoService({
      root,
      arch: "arm64",
      totalmem: () => 1,
      cpus: () => [],
      runCommand: async (command, args) => {
        calls.push([command, ...args].join(" "));
        return "throttled=0x50005\n";
      },
    });
    const info = deviceInfoSchema.parse(await service.read());
    expect(info).toEqual({
      totalRamBytes: 8245712 * 1024,
      availableRamBytes: 7012345 * 1024,
      cpuModel: "Cortex-A76",
      cpuCores: 4,
      arch: "arm64",
      boardModel: "Raspberry Pi 5 Model B Rev 1.0",
      temperatureCelsius: 61.9,
      throttling: {
        raw: "0x50005",
        now: { underVoltage: true, armFrequencyCapped: false, throttled: true, softTemperatureLimit: false },
        sinceBoot: { underVoltage: true, armFrequencyCapped: false, throttled: true, softTemperatureLimit: false },
      },
    });
    expect(calls).toEqual(["vcgencmd get_throttled"]);
  });

  it("prefers the CPU thermal zone and reads an x86 model name", async () => {
    await put("proc/cpuinfo", "processor\t: 0\nmodel\t\t: 1\nmodel name\t: Intel(R) Xeon(R) CPU\n\nprocessor\t: 1\nmodel\t\t: 1\nmodel name\t: Intel(R) Xeon(R) CPU\n");
    await put("sys/class/thermal/thermal_zone0/type", "acpitz\n");
    await put("sys/class/thermal/thermal_zone0/temp", "27800\n");
    await put("sys/class/thermal/thermal_zone1/type", "x86_pkg_temp\n");
    await put("sys/class/thermal/thermal_zone1/temp", "45000\n");
    const info = await createDeviceInfoService({ root, runCommand: async () => Promise.reject(new Error("ENOENT")) }).read();
    expect(info).toMatchObject({ cpuModel: "Intel(R) Xeon(R) CPU", cpuCores: 2, temperatureCelsius: 45, throttling: null, availableRamBytes: null });
    // x86's numeric "model" field is not a board name (the Pi's is "Model", capitalised).
    expect(info.boardModel).toBeNull();
  });

  it("says null (unknown) for every missing source instead of failing", async () => {
    const info = await createDeviceInfoService({
      root: path.join(root, "nothing-here"),
      totalmem: () => 0,
      cpus: () => {
        throw new Error("no cpus");
      },
      arch: "arm64",
      runCommand: async () => Promise.reject(Object.assign(new Error("spawn vcgencmd ENOENT"), { code: "ENOENT" })),
    }).read();
    expect(info).toEqual({
      totalRamBytes: null,
      availableRamBytes: null,
      cpuModel: null,
      cpuCores: null,
      arch: "arm64",
      boardModel: null,
      temperatureCelsius: null,
      throttling: null,
    });
  });

  it("decodes vcgencmd's throttled bits: now vs since boot", () => {
    expect(decodeThrottled("throttled=0x0")).toMatchObject({ now: { underVoltage: false, throttled: false }, sinceBoot: { underVoltage: false } });
    expect(decodeThrottled("throttled=0x80000")).toMatchObject({
      now: { softTemperatureLimit: false },
      sinceBoot: { softTemperatureLimit: true, underVoltage: false, armFrequencyCapped: false, throttled: false },
    });
    expect(decodeThrottled("throttled=0xa")).toMatchObject({ now: { armFrequencyCapped: true, softTemperatureLimit: true, underVoltage: false } });
    expect(decodeThrottled("error=1 error_msg=\"Command not registered\"")).toBeNull();
  });
});
