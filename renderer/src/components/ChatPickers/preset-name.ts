import type { TFunction } from "i18next";
import { builtInPresetIds, type Preset } from "../../../../electron/common/contract/app/presets.ts";

/** Built-in presets are named in the UI's language; the user's keep the name they were given. */
export function presetName(preset: Preset, t: TFunction): string {
  return preset.builtIn && (builtInPresetIds as readonly string[]).includes(preset.id) ? t(`workspace:preset.${preset.id}`) : preset.name;
}
