import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { AppError } from "../../../common/contract/index.ts";
import { builtInPresetIds, presetSchema, type Preset, type PresetDraft } from "../../../common/contract/app/presets.ts";
import type { Settings } from "../../../common/contract/app/settings.ts";
import type { AppContract } from "../../../common/contract/app-contract.ts";
import type { ServiceOf } from "../../../common/rpc/service-handlers.ts";
import { WriteQueue, writeFileAtomic } from "../storage/atomic-write.ts";
import { builtInPresets } from "./built-in-presets.ts";

const maxUserPresets = 100;
const fileSchema = z.strictObject({ version: z.literal(1), presets: z.array(presetSchema).max(maxUserPresets) });

export interface PresetStoreOptions {
  /** `<userData>/presets.json`; absent: in memory. */
  file?: string;
  language: () => Settings["appearance"]["language"];
  newId?: () => string;
  now?: () => number;
  /** A user preset was deleted (chats that used it go back to none). */
  deleted?: (id: string) => Promise<void>;
}

/**
 * The built-in presets and the user's own, kept in presets.json (validated on read, written atomically). A damaged
 * file is set aside as `presets.json.broken-<time>` and the built-in presets still work.
 */
export class PresetStore implements ServiceOf<AppContract, "presets"> {
  private userPresets: Preset[] = [];
  private readonly writes = new WriteQueue();
  private readonly listeners = new Set<(presets: Preset[]) => void>();
  /** What went wrong reading presets.json, for the log (the presets are then the built-in ones only). */
  problem: string | undefined;

  constructor(private readonly options: PresetStoreOptions) {}

  async load(): Promise<void> {
    const { file } = this.options;
    if (file === undefined) return;
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") this.problem = (error as Error).message;
      return;
    }
    const parsed = fileSchema.safeParse(safeJson(text));
    if (parsed.success) {
      this.userPresets = parsed.data.presets.filter((preset) => !preset.builtIn && !isBuiltInId(preset.id));
      return;
    }
    const stamp = new Date((this.options.now ?? Date.now)()).toISOString().replace(/[:.]/g, "-");
    await rename(file, `${file}.broken-${stamp}`).catch(() => undefined);
    this.problem = `presets.json was not valid and was set aside (${parsed.error.issues[0]?.message ?? "invalid"})`;
  }

  list(): Preset[] {
    return [...builtInPresets(this.options.language()), ...structuredClone(this.userPresets)];
  }

  find(id: string): Preset | undefined {
    return this.list().find((preset) => preset.id === id);
  }

  onChange(listener: (presets: Preset[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Creates a user preset (no id) or replaces one. */
  async save({ preset: draft }: { preset: PresetDraft }): Promise<Preset> {
    if (draft.id !== undefined && isBuiltInId(draft.id)) throw new AppError("BAD_REQUEST", "Built-in presets cannot be changed: save a copy under a new name");
    const index = draft.id === undefined ? -1 : this.userPresets.findIndex((preset) => preset.id === draft.id);
    if (draft.id !== undefined && index === -1) throw new AppError("NOT_FOUND", `No preset with id ${draft.id}`);
    if (index === -1 && this.userPresets.length >= maxUserPresets) throw new AppError("BAD_REQUEST", `At most ${maxUserPresets} presets can be kept`);
    const preset: Preset = {
      id: draft.id ?? (this.options.newId ?? randomUUID)(),
      name: draft.name.trim(),
      builtIn: false,
      systemPrompt: draft.systemPrompt,
      sampling: structuredClone(draft.sampling),
    };
    const next = index === -1 ? [...this.userPresets, preset] : this.userPresets.with(index, preset);
    await this.commit(next);
    return structuredClone(preset);
  }

  async delete({ id }: { id: string }): Promise<{ deleted: boolean }> {
    if (isBuiltInId(id)) throw new AppError("BAD_REQUEST", "Built-in presets cannot be deleted");
    const next = this.userPresets.filter((preset) => preset.id !== id);
    if (next.length === this.userPresets.length) return { deleted: false };
    await this.commit(next);
    await this.options.deleted?.(id);
    return { deleted: true };
  }

  /** The built-in presets' texts follow the UI language. */
  languageChanged(): void {
    this.announce();
  }

  private async commit(next: Preset[]): Promise<void> {
    const { file } = this.options;
    if (file !== undefined) {
      const content = `${JSON.stringify({ version: 1, presets: next }, null, 2)}\n`;
      await this.writes.run("presets", async () => {
        await mkdir(path.dirname(file), { recursive: true });
        await writeFileAtomic(file, content);
      });
    }
    this.userPresets = next;
    this.announce();
  }

  private announce(): void {
    const presets = this.list();
    for (const listener of this.listeners) listener(presets);
  }
}

function isBuiltInId(id: string): boolean {
  return (builtInPresetIds as readonly string[]).includes(id);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
