/**
 * The device the app runs on: RAM (total, available), CPU, board, temperature and Raspberry Pi throttling.
 * Every figure comes from a source that may be missing (another board, a container, no vcgencmd): a missing or
 * unreadable source gives `null` ("unknown"), never an error. The filesystem root and the command runner are
 * injected so tests run on a fake /proc and /sys.
 */
import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { DeviceInfo } from "../../../common/contract/app/library.ts";
import { repackKernelsFor, type RepackKernels } from "./repacked-embedding.ts";

export type RunCommand = (command: string, args: readonly string[]) => Promise<string>;

export interface DeviceInfoOptions {
  /** "/" on the device; a fake tree in tests. */
  root?: string;
  runCommand?: RunCommand;
  totalmem?: () => number;
  cpus?: () => { model: string }[];
  arch?: string;
}

export interface DeviceInfoService {
  read(): Promise<DeviceInfo>;
  /** The CPU kernels llama.cpp's weight repacking can use here, from /proc/cpuinfo's feature words (repacked-embedding.ts). */
  repackKernels(): Promise<RepackKernels>;
}

/** Runs a command with a timeout and returns its stdout (rejects when it is missing or fails). */
export function runCommandWithTimeout(timeoutMs = 2000): RunCommand {
  return (command, args) =>
    new Promise((resolve, reject) => {
      execFile(command, [...args], { timeout: timeoutMs, encoding: "utf8" }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
    });
}

/** ARM "CPU part" ids of the cores found on Raspberry Pis. */
const armCores: Readonly<Record<string, string>> = { "0xd03": "Cortex-A53", "0xd08": "Cortex-A72", "0xd0b": "Cortex-A76" };

/** `vcgencmd get_throttled` bits: 0–3 now, 16–19 since boot. */
export function decodeThrottled(output: string): DeviceInfo["throttling"] {
  const match = output.match(/throttled=(0x[0-9a-f]+)/i);
  if (!match?.[1]) return null;
  const bits = Number.parseInt(match[1], 16);
  const flags = (shift: number) => ({
    underVoltage: (bits & (1 << shift)) !== 0,
    armFrequencyCapped: (bits & (1 << (shift + 1))) !== 0,
    throttled: (bits & (1 << (shift + 2))) !== 0,
    softTemperatureLimit: (bits & (1 << (shift + 3))) !== 0,
  });
  return { raw: match[1].toLowerCase(), now: flags(0), sinceBoot: flags(16) };
}

function field(text: string | null, name: string): string | null {
  const match = text?.match(new RegExp(`^${name}\\s*:\\s*(.+)$`, "m"));
  return match?.[1]?.trim() || null;
}

function kilobytes(meminfo: string | null, name: string): number | null {
  const match = meminfo?.match(new RegExp(`^${name}:\\s+(\\d+)\\s*kB`, "m"));
  return match?.[1] ? Number(match[1]) * 1024 : null;
}

export function createDeviceInfoService(options: DeviceInfoOptions = {}): DeviceInfoService {
  const root = options.root ?? "/";
  const runCommand = options.runCommand ?? runCommandWithTimeout();
  const read = (file: string) => readFile(path.join(root, file), "utf8").catch(() => null);

  async function temperature(): Promise<number | null> {
    const base = "sys/class/thermal";
    const zones = (await readdir(path.join(root, base)).catch(() => [])).filter((name) => name.startsWith("thermal_zone")).sort();
    const readings: { type: string; celsius: number }[] = [];
    for (const zone of zones) {
      const millidegrees = Number((await read(`${base}/${zone}/temp`))?.trim());
      if (!Number.isFinite(millidegrees)) continue;
      readings.push({ type: (await read(`${base}/${zone}/type`))?.trim() ?? "", celsius: Math.round(millidegrees / 100) / 10 });
    }
    return (readings.find((reading) => /cpu|soc|x86_pkg/i.test(reading.type)) ?? readings[0])?.celsius ?? null;
  }

  async function throttling(): Promise<DeviceInfo["throttling"]> {
    try {
      return decodeThrottled(await runCommand("vcgencmd", ["get_throttled"]));
    } catch {
      return null;
    }
  }

  // The CPU's features do not change while the app runs: read once, not on every Library listing.
  let repackKernels: Promise<RepackKernels> | undefined;
  return {
    repackKernels() {
      repackKernels ??= read("proc/cpuinfo").then((cpuinfo) => repackKernelsFor(options.arch ?? process.arch, cpuinfo));
      return repackKernels;
    },
    async read() {
      const [meminfo, cpuinfo, deviceTreeModel, temperatureCelsius, throttled] = await Promise.all([
        read("proc/meminfo"),
        read("proc/cpuinfo"),
        read("proc/device-tree/model"),
        temperature(),
        throttling(),
      ]);
      const osCpus = (() => {
        try {
          return (options.cpus ?? os.cpus)();
        } catch {
          return [];
        }
      })();
      const processorCount = cpuinfo?.match(/^processor\s*:/gm)?.length ?? 0;
      const armPart = field(cpuinfo, "CPU part")?.toLowerCase();
      const totalFromOs = (options.totalmem ?? os.totalmem)();
      return {
        totalRamBytes: kilobytes(meminfo, "MemTotal") ?? (totalFromOs > 0 ? totalFromOs : null),
        availableRamBytes: kilobytes(meminfo, "MemAvailable"),
        cpuModel: field(cpuinfo, "model name") ?? (armPart ? (armCores[armPart] ?? null) : null) ?? osCpus[0]?.model ?? null,
        cpuCores: processorCount || osCpus.length || null,
        arch: options.arch ?? process.arch,
        boardModel: deviceTreeModel?.replace(/\0/g, "").trim() || field(cpuinfo, "Model"),
        temperatureCelsius,
        throttling: throttled,
      };
    },
  };
}
