import type { ApiAccessStatus } from "../../../electron/common/contract/app/api-access.ts";
import type { TokenStatus } from "../../../electron/common/contract/app/network.ts";
import type { SettingDescription, Settings } from "../../../electron/common/contract/app/settings.ts";

/** The settings as main holds them (null until `settings.get` answers), and what the form needs to show them. */
export interface SettingsState {
  value: Settings | null;
  /** From `settings.describe`: when each setting applies, its default, range and choices. */
  descriptions: readonly SettingDescription[];
  /** Problems reading settings.json, shown once as a banner until dismissed. */
  notices: readonly string[];
  token: TokenStatus | null;
  /** Where the API for other programs listens (Settings → Programs); null until main answers. */
  apiAccess: ApiAccessStatus | null;
}

export const initialSettingsState: SettingsState = { value: null, descriptions: [], notices: [], token: null, apiAccess: null };

export function descriptionOf(state: SettingsState, key: string): SettingDescription | undefined {
  return state.descriptions.find((d) => d.key === key);
}
