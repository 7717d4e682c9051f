import type { TFunction } from "i18next";
import type { DeviceInfo } from "../../../electron/common/contract/app/library.ts";

/** Byte figures for people: decimal units, as disks, Hugging Face and main's messages show them. */
const units = [
  { name: "GB", size: 1e9 },
  { name: "MB", size: 1e6 },
  { name: "kB", size: 1e3 },
] as const;

export type ByteUnit = (typeof units)[number]["name"] | "B";

export function unitFor(bytes: number): ByteUnit {
  return units.find((unit) => bytes >= unit.size)?.name ?? "B";
}

/** "1.7 GB", "420 MB"; pass `unit` to print in a fixed unit ("0.9 GB" next to "1.7 GB"). */
export function formatBytes(bytes: number, unit: ByteUnit = unitFor(bytes)): string {
  if (unit === "B") return `${Math.round(bytes)} B`;
  const size = units.find((candidate) => candidate.name === unit)?.size ?? 1;
  const value = bytes / size;
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${unit}`;
}

/** Two figures in the unit of the larger one: "0.9 GB" and "1.7 GB", never "900 MB" and "1.7 GB". */
export function formatBytePair(a: number, b: number): [string, string] {
  const unit = unitFor(Math.max(a, b));
  return [formatBytes(a, unit), formatBytes(b, unit)];
}

export function formatSpeed(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** "45 s", "6 min", "1 h 5 min" (in the UI's language). */
export function formatDuration(seconds: number, t: TFunction): string {
  const total = Math.max(0, Math.round(seconds));
  if (total < 60) return t("time.seconds", { count: total });
  const minutes = Math.round(total / 60);
  if (minutes < 60) return t("time.minutes", { count: minutes });
  return t("time.hoursMinutes", { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}

export function formatCelsius(celsius: number): string {
  return `${Math.round(celsius)} °C`;
}

export function formatDate(ms: number, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: "medium" }).format(new Date(ms));
}

/** "8,192" / "8,192" — context sizes in tokens. */
export function formatCount(value: number, language: string): string {
  return new Intl.NumberFormat(language).format(value);
}

/** The file name at the end of a path typed on any system. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

type ThrottleFlags = NonNullable<DeviceInfo["throttling"]>["now"];
const flagNames = ["underVoltage", "armFrequencyCapped", "throttled", "softTemperatureLimit"] as const;

/** "under-voltage, CPU frequency capped", or null when no flag is set. */
export function describeFlags(flags: ThrottleFlags, t: TFunction): string | null {
  const set = flagNames.filter((name) => flags[name]).map((name) => t(`device.flag.${name}`));
  return set.length === 0 ? null : set.join(t("device.listSeparator"));
}
