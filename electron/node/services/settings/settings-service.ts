import { mkdir, readFile, rename } from "node:fs/promises";
import path from "node:path";
import { AppError } from "../../../common/contract/index.ts";
import { invalidField } from "../../../common/contract/invalid-field.ts";
import type { AppContract } from "../../../common/contract/app-contract.ts";
import type { ServiceOf } from "../../../common/rpc/service-handlers.ts";
import {
  settingsPatchSchema,
  settingsSchema,
  type SettingDescription,
  type Settings,
  type SettingsPatch,
  type SettingsSection,
} from "../../../common/contract/app/settings.ts";
import { WriteQueue, writeFileAtomic } from "../storage/atomic-write.ts";
import { repairSettings } from "./repair-settings.ts";
import { defaultSettings, describeSettings, settingFields, valueAt } from "./setting-fields.ts";

export interface SettingsServiceOptions {
  /** `<userData>/settings.json`; absent: settings live in memory only (tests, a throwaway host). */
  file?: string;
  now?: () => number;
  /** CPU cores, for the default thread count (default: `os.availableParallelism()`). */
  cores?: number;
}

export type SettingsListener = (settings: Settings, changedKeys: string[]) => void;

/**
 * The settings, validated on read and written atomically. A file that is not JSON, or holds invalid
 * values, is set aside as `settings.json.broken-<time>`; the valid values are kept (numbers out of
 * range clamped), the rest take their defaults, and `notices` says what happened. Never throws on read.
 * Holds the defaults from construction, so it can be handed out before `load()` has read the file.
 */
export class SettingsService implements ServiceOf<AppContract, "settings"> {
  private settings: Settings;
  private readonly pendingNotices: string[] = [];
  private readonly listeners = new Set<SettingsListener>();
  private readonly writes = new WriteQueue();
  private readonly defaults: Settings;
  private readonly now: () => number;

  constructor(private readonly options: SettingsServiceOptions = {}) {
    this.defaults = defaultSettings(options.cores);
    this.settings = structuredClone(this.defaults);
    this.now = options.now ?? Date.now;
  }

  static async open(options: SettingsServiceOptions): Promise<SettingsService> {
    const service = new SettingsService(options);
    await service.load();
    return service;
  }

  get current(): Settings {
    return structuredClone(this.settings);
  }

  get notices(): string[] {
    return [...this.pendingNotices];
  }

  /** The settings and what went wrong reading settings.json (shown once). */
  get(): { settings: Settings; notices: string[] } {
    return { settings: this.current, notices: this.notices };
  }

  dismissNotices(): Record<string, never> {
    this.pendingNotices.length = 0;
    return {};
  }

  describe(): SettingDescription[] {
    return describeSettings(this.defaults);
  }

  onChange(listener: SettingsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Applies a validated patch; an invalid value rejects the whole patch (BAD_REQUEST). */
  async update({ patch }: { patch: SettingsPatch }): Promise<Settings> {
    const parsed = settingsPatchSchema.safeParse(patch);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError("BAD_REQUEST", `Invalid settings: ${issue?.message ?? "invalid"}`, invalidField(issue));
    }
    const next = structuredClone(this.settings);
    for (const [section, values] of Object.entries(parsed.data)) Object.assign(next[section as SettingsSection], values);
    return this.commit(settingsSchema.parse(next));
  }

  /** Defaults for one section or all of them; the chosen model is kept. */
  async reset({ section }: { section?: SettingsSection | undefined } = {}): Promise<Settings> {
    const next = structuredClone(this.settings);
    for (const name of section ? [section] : (Object.keys(next) as SettingsSection[])) {
      Object.assign(next, { [name]: structuredClone(this.defaults[name]) });
    }
    next.model.activeModelPath = this.settings.model.activeModelPath;
    return this.commit(next);
  }

  private async commit(next: Settings): Promise<Settings> {
    const changedKeys = settingFields
      .filter((field) => JSON.stringify(valueAt(next, field)) !== JSON.stringify(valueAt(this.settings, field)))
      .map((field) => field.key);
    try {
      await this.write(next);
    } catch (error) {
      throw new AppError("INTERNAL", `Could not save the settings: ${(error as Error).message}`);
    }
    this.settings = next;
    if (changedKeys.length > 0) for (const listener of this.listeners) listener(this.current, changedKeys);
    return this.current;
  }

  private write(settings: Settings): Promise<void> {
    const { file } = this.options;
    if (file === undefined) return Promise.resolve();
    const content = `${JSON.stringify(settings, null, 2)}\n`;
    return this.writes.run("settings", async () => {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFileAtomic(file, content);
    });
  }

  /** Reads settings.json (once, at startup); never throws. */
  async load(): Promise<void> {
    const { file } = this.options;
    if (file === undefined) return;
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return; // First start: defaults.
      this.pendingNotices.push(`The settings could not be read (${(error as Error).message}); the defaults are used.`);
      await this.setAside();
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      const kept = await this.setAside();
      this.pendingNotices.push(`The settings file was damaged (not valid JSON)${kept}; the defaults are used.`);
      await this.write(this.settings).catch(() => undefined);
      return;
    }
    const { settings, problems } = repairSettings(raw, this.defaults);
    this.settings = settings;
    if (problems.length === 0) return;
    const kept = await this.setAside();
    this.pendingNotices.push(`Some settings were not valid and were corrected${kept}.`, ...problems);
    await this.write(settings).catch(() => undefined);
  }

  /** Renames the file to `settings.json.broken-<time>`; returns how to mention it in a notice. */
  private async setAside(): Promise<string> {
    const { file } = this.options;
    if (file === undefined) return "";
    const stamp = new Date(this.now()).toISOString().replace(/[:.]/g, "-");
    const aside = `${file}.broken-${stamp}`;
    try {
      await rename(file, aside);
      return ` (the original was kept as ${path.basename(aside)})`;
    } catch {
      return "";
    }
  }
}
