import type { AppContract } from "../../../electron/common/contract/app-contract.ts";
import type { Settings, SettingsPatch } from "../../../electron/common/contract/app/settings.ts";
import type { Handlers } from "../../../electron/common/rpc/rpc-server.ts";
import { defaultSettings, describeSettings } from "../../../electron/node/services/settings/setting-fields.ts";

type SettingsMethod =
  | "settings.get"
  | "settings.update"
  | "settings.reset"
  | "settings.describe"
  | "settings.dismissNotices"
  | "network.tokenStatus"
  | "network.setToken";

interface Emitter {
  emit(event: "settings.changed", payload: { settings: Settings; changedKeys: string[] }): void;
}

/**
 * The settings as SettingsService keeps them, in memory: the real defaults and descriptions; the
 * RPC layer already refuses values out of range with BAD_REQUEST, as in the app.
 */
export class FakeSettings {
  readonly defaults = defaultSettings(4);
  value: Settings = structuredClone(this.defaults);
  notices: string[] = [];
  token = { hasToken: false, encrypted: true };

  constructor(private readonly main: Emitter) {}

  apply(patch: SettingsPatch): Settings {
    const next = structuredClone(this.value);
    const changedKeys: string[] = [];
    for (const [section, values] of Object.entries(patch)) {
      Object.assign(next[section as keyof Settings], values);
      changedKeys.push(...Object.keys(values ?? {}).map((name) => `${section}.${name}`));
    }
    this.value = next;
    this.main.emit("settings.changed", { settings: structuredClone(next), changedKeys });
    return structuredClone(next);
  }
}

export function settingsHandlers(settings: FakeSettings): Pick<Handlers<AppContract>, SettingsMethod> {
  return {
    "settings.get": () => ({ settings: structuredClone(settings.value), notices: [...settings.notices] }),
    "settings.update": ({ patch }) => settings.apply(patch),
    "settings.reset": ({ section }) => {
      const keep = settings.value.model.activeModelPath;
      const patch: SettingsPatch = section ? { [section]: settings.defaults[section] } : structuredClone(settings.defaults);
      const next = settings.apply(patch);
      return next.model.activeModelPath === keep ? next : settings.apply({ model: { activeModelPath: keep } });
    },
    "settings.describe": () => describeSettings(settings.defaults),
    "settings.dismissNotices": () => ((settings.notices = []), {}),
    "network.tokenStatus": () => ({ ...settings.token }),
    "network.setToken": ({ token }) => {
      settings.token = { ...settings.token, hasToken: token !== null };
      return { ...settings.token };
    },
  };
}
