/** Byte figures for people: decimal units, as disks and Hugging Face show them. */

const units = [
  { name: "GB", size: 1e9 },
  { name: "MB", size: 1e6 },
  { name: "kB", size: 1e3 },
] as const;

type UnitName = (typeof units)[number]["name"] | "B";

function unitFor(bytes: number): UnitName {
  return units.find((unit) => bytes >= unit.size)?.name ?? "B";
}

/** "1.7 GB", "420 MB"; pass `unit` to print in a fixed unit ("0.9 GB"). */
export function formatBytes(bytes: number, unit: UnitName = unitFor(bytes)): string {
  if (unit === "B") return `${Math.round(bytes)} B`;
  const size = units.find((candidate) => candidate.name === unit)?.size ?? 1;
  const value = bytes / size;
  const text = value >= 100 ? value.toFixed(0) : value.toFixed(1);
  return `${text} ${unit}`;
}

/** "Needs 1.7 GB, 0.9 GB free": both figures in the unit of the larger one. */
export function formatNeedAndFree(needBytes: number, freeBytes: number): string {
  const unit = unitFor(Math.max(needBytes, freeBytes));
  return `Needs ${formatBytes(needBytes, unit)}, ${formatBytes(freeBytes, unit)} free`;
}
