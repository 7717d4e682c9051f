import { settingsSchema, type Settings } from "../../../common/contract/app/settings.ts";
import { settingFields, valueAt, type SettingField } from "./setting-fields.ts";

export interface RepairedSettings {
  settings: Settings;
  /** One line per thing that was wrong; empty when the file was fine (missing settings just take defaults). */
  problems: string[];
}

/**
 * Reads settings leniently from whatever a (possibly hand-edited) settings.json held: unknown keys are
 * dropped, numbers out of range are clamped, anything else invalid takes its default. Never throws.
 */
export function repairSettings(raw: unknown, defaults: Settings): RepairedSettings {
  const settings = structuredClone(defaults);
  const problems: string[] = [];
  if (!isRecord(raw)) {
    problems.push("The file does not hold a settings object: every setting was reset to its default.");
    return { settings, problems };
  }
  const sections = settingsSchema.shape;
  for (const [section, value] of Object.entries(raw)) {
    if (!Object.hasOwn(sections, section)) problems.push(`Ignored the unknown setting "${section}".`);
    else if (!isRecord(value)) problems.push(`"${section}" was not a group of settings: its settings were reset to their defaults.`);
    else {
      const known = new Set(Object.keys(sections[section as keyof typeof sections].shape));
      for (const key of Object.keys(value)) if (!known.has(key)) problems.push(`Ignored the unknown setting "${section}.${key}".`);
    }
  }
  for (const field of settingFields) {
    const group = raw[field.section];
    if (!isRecord(group) || !Object.hasOwn(group, field.name)) continue;
    const repaired = repairValue(field, group[field.name], valueAt(defaults, field));
    (settings[field.section] as Record<string, unknown>)[field.name] = repaired.value;
    if (repaired.problem) problems.push(repaired.problem);
  }
  // The per-field checks cover the schema; this is the proof that the result is valid settings.
  const checked = settingsSchema.safeParse(settings);
  if (!checked.success) return { settings: structuredClone(defaults), problems: [...problems, "Every setting was reset to its default."] };
  return { settings: checked.data, problems };
}

function repairValue(field: SettingField, value: unknown, fallback: unknown): { value: unknown; problem?: string } {
  if (field.schema.safeParse(value).success) return { value };
  if (field.range && typeof value === "number" && Number.isFinite(value)) {
    const { min, max, integer } = field.range;
    const clamped = Math.min(Math.max(integer ? Math.round(value) : value, min), max);
    if (field.schema.safeParse(clamped).success) {
      return { value: clamped, problem: `"${field.key}" was ${value}, outside ${min}–${max}: it is now ${clamped}.` };
    }
  }
  return { value: fallback, problem: `"${field.key}" had an invalid value (${describe(value)}): it was reset to ${describe(fallback)}.` };
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
