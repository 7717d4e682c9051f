// @vitest-environment node
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isAppError } from "../../electron/common/contract/index.ts";
import { settingsSchema, type Settings, type SettingsPatch } from "../../electron/common/contract/app/settings.ts";
import { activeModelInSettings } from "../../electron/node/services/settings/active-model.ts";
import { loadOptionsFrom, samplingFrom } from "../../electron/node/services/settings/engine-settings.ts";
import { defaultSettings } from "../../electron/node/services/settings/setting-fields.ts";
import { SettingsService } from "../../electron/node/services/settings/settings-service.ts";

let dir = "";
afterEach(async () => rm(dir, { recursive: true, force: true }));

const now = () => Date.UTC(2025, 0, 2, 3, 4, 5, 678);
const brokenName = "settings.json.broken-2025-01-02T03-04-05-678Z";
const defaults = defaultSettings(4);

async function openWith(content: string | undefined) {
  dir = await mkdtemp(path.join(os.tmpdir(), "edge-gemma-settings-"));
  const file = path.join(dir, "settings.json");
  if (content !== undefined) await writeFile(file, content);
  const service = await SettingsService.open({ file, now, cores: 4 });
  return { service, file, saved: async () => settingsSchema.parse(JSON.parse(await readFile(file, "utf8"))) };
}

describe("reading settings.json", () => {
  it("starts from the defaults when there is no file, using every core for threads", async () => {
    const { service } = await openWith(undefined);
    expect(service.current).toEqual(defaults);
    expect(service.current.model.threads).toBe(4);
    expect(service.notices).toEqual([]);
    expect(defaultSettings().model.threads).toBe(os.availableParallelism());
  });

  it.each([
    ["malformed JSON", '{"sampling": {"temperature": 0.5'],
    ["an empty file", ""],
    ["binary garbage", "\u0000\u00ff\u0013"],
  ])("sets aside %s and uses the defaults, with a notice", async (_what, content) => {
    const { service, saved } = await openWith(content);
    expect(service.current).toEqual(defaults);
    expect(service.notices).toEqual([`The settings file was damaged (not valid JSON) (the original was kept as ${brokenName}); the defaults are used.`]);
    expect((await readdir(dir)).sort()).toEqual(["settings.json", brokenName]);
    expect(await readFile(path.join(dir, brokenName), "utf8")).toBe(content);
    expect(await saved()).toEqual(defaults);
  });

  it("keeps the valid values, clamps numbers out of range, resets wrong types and enums, drops unknown keys", async () => {
    const handEdited = {
      sampling: { temperature: 7, topK: "forty", topP: 0.5, maxTokens: 99.6, seed: -3, typo: 1 },
      model: { contextSize: 100_000_000, threads: 2, keepAlive: "sometimes", batchSize: null },
      appearance: { theme: "neon", fontSize: 18, language: "zh-CN" },
      chat: "not a group",
      network: { huggingFaceEndpoint: "ftp://mirror.example" },
      colours: { accent: "red" },
    };
    const { service, saved } = await openWith(JSON.stringify(handEdited));
    const expected: Settings = structuredClone(defaults);
    Object.assign(expected.sampling, { temperature: 2, topP: 0.5, maxTokens: 100, seed: 0 });
    Object.assign(expected.model, { contextSize: 131_072, threads: 2 });
    Object.assign(expected.appearance, { fontSize: 18, language: "zh-CN" });
    expect(service.current).toEqual(expected);
    expect(await saved()).toEqual(expected);
    expect((await readdir(dir)).sort()).toEqual(["settings.json", brokenName]);
    expect(service.notices).toEqual([
      `Some settings were not valid and were corrected (the original was kept as ${brokenName}).`,
      'Ignored the unknown setting "sampling.typo".',
      '"chat" was not a group of settings: its settings were reset to their defaults.',
      'Ignored the unknown setting "colours".',
      '"sampling.temperature" was 7, outside 0–2: it is now 2.',
      '"sampling.topK" had an invalid value ("forty"): it was reset to 40.',
      '"sampling.seed" was -3, outside 0–4294967295: it is now 0.',
      '"sampling.maxTokens" was 99.6, outside 1–32768: it is now 100.',
      '"model.contextSize" was 100000000, outside 256–131072: it is now 131072.',
      '"model.batchSize" had an invalid value (null): it was reset to 128.',
      '"model.keepAlive" had an invalid value ("sometimes"): it was reset to "forever".',
      '"appearance.theme" had an invalid value ("neon"): it was reset to "system".',
      '"network.huggingFaceEndpoint" had an invalid value ("ftp://mirror.example"): it was reset to "https://huggingface.co".',
    ]);
    service.dismissNotices();
    expect(service.notices).toEqual([]);
  });

  it.each([["an array", "[1, 2]"], ["a number", "42"], ["null", "null"]])("resets everything when the file holds %s", async (_what, content) => {
    const { service } = await openWith(content);
    expect(service.current).toEqual(defaults);
    expect(service.notices[1]).toBe("The file does not hold a settings object: every setting was reset to its default.");
  });

  it("survives a settings.json it cannot read at all (a folder in its place)", async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "edge-gemma-settings-"));
    await mkdir(path.join(dir, "settings.json"));
    const service = await SettingsService.open({ file: path.join(dir, "settings.json"), now, cores: 4 });
    expect(service.current).toEqual(defaults);
    expect(service.notices).toEqual([expect.stringMatching(/^The settings could not be read \(.*EISDIR.*\); the defaults are used\.$/)]);
    expect(await readdir(dir)).toEqual([brokenName]);
    await service.update({ patch: { appearance: { theme: "light" } } });
    expect((await readdir(dir)).sort()).toEqual(["settings.json", brokenName]);
  });

  it("fills settings missing from an older file with defaults, silently and without setting it aside", async () => {
    const { service } = await openWith(JSON.stringify({ sampling: { temperature: 0.2 } }));
    expect(service.current.sampling).toEqual({ ...defaults.sampling, temperature: 0.2 });
    expect(service.notices).toEqual([]);
    expect(await readdir(dir)).toEqual(["settings.json"]);
  });
});

describe("changing settings", () => {
  it("validates a patch, saves it atomically, announces what changed and returns the new settings", async () => {
    const { service, saved } = await openWith(undefined);
    const changes: string[][] = [];
    service.onChange((_settings, keys) => changes.push(keys));
    const updated = await service.update({ patch: { sampling: { temperature: 0.3, seed: 42 }, model: { keepAlive: 15 }, appearance: { theme: "dark" } } });
    expect(updated).toMatchObject({ sampling: { temperature: 0.3, seed: 42, topK: 40 }, model: { keepAlive: 15 }, appearance: { theme: "dark" } });
    expect(await saved()).toEqual(updated);
    expect(changes).toEqual([["sampling.temperature", "sampling.seed", "model.keepAlive", "appearance.theme"]]);
    expect(await readdir(dir)).toEqual(["settings.json"]);
  });

  it.each([
    ["out of range", { sampling: { temperature: 3 } }],
    ["a wrong type", { model: { threads: "many" } }],
    ["an unknown key", { sampling: { temprature: 1 } }],
    ["a bad enum", { appearance: { language: "fr" } }],
  ])("rejects a patch with %s as BAD_REQUEST and changes nothing", async (_what, patch) => {
    const { service } = await openWith(undefined);
    const error = await service.update({ patch: patch as SettingsPatch }).then(() => undefined, (caught: unknown) => caught);
    expect(isAppError(error, "BAD_REQUEST")).toBe(true);
    expect(service.current).toEqual(defaults);
  });

  it("resets one section or everything, keeping the chosen model", async () => {
    const { service } = await openWith(undefined);
    await service.update({ patch: { sampling: { topK: 5 }, model: { threads: 1, activeModelPath: "/models/a.gguf" }, appearance: { fontSize: 20 } } });
    const sectionReset = await service.reset({ section: "sampling" });
    expect(sectionReset.sampling).toEqual(defaults.sampling);
    expect(sectionReset.appearance.fontSize).toBe(20);
    const allReset = await service.reset();
    expect(allReset).toEqual({ ...defaults, model: { ...defaults.model, activeModelPath: "/models/a.gguf" } });
  });

  it("describes when each setting applies, with its range or choices and default", async () => {
    const { service } = await openWith(undefined);
    const described = new Map(service.describe().map((description) => [description.key, description]));
    expect(described.size).toBe(24);
    expect(described.get("api.local")).toEqual({ key: "api.local", section: "api", applies: "immediately", defaultValue: false });
    expect(described.get("api.allowedOrigins")).toEqual({ key: "api.allowedOrigins", section: "api", applies: "immediately", defaultValue: [] });
    expect(described.get("api.keepChats")).toEqual({ key: "api.keepChats", section: "api", applies: "next-answer", defaultValue: false });
    expect(described.get("network.ollamaRegistry")).toMatchObject({ section: "network", applies: "immediately", defaultValue: "https://registry.ollama.ai" });
    expect(described.get("sampling.temperature")).toEqual({
      key: "sampling.temperature", section: "sampling", applies: "next-answer", defaultValue: 0.8, min: 0, max: 2, integer: false,
    });
    expect(described.get("model.contextSize")).toMatchObject({ applies: "next-load", defaultValue: "auto", min: 256, max: 131_072, choices: ["auto"] });
    expect(described.get("sampling.seed")).toMatchObject({ defaultValue: null, nullable: true, integer: true });
    expect(described.get("appearance.language")).toMatchObject({ applies: "immediately", choices: ["en", "zh-CN"] });
    expect(described.get("model.keepAlive")).toMatchObject({ applies: "immediately", choices: ["forever"] });
  });

  it("keeps the chosen model for the model library (its file name as the id, its path in the settings)", async () => {
    const { service, saved } = await openWith(undefined);
    const activeModel = activeModelInSettings(service);
    expect(await activeModel.get()).toBeNull();
    await activeModel.set({ path: "/home/pi/models/gemma-2-2b-it-Q4_0.gguf" });
    expect(await activeModel.get()).toBe("gemma-2-2b-it-Q4_0.gguf");
    expect((await saved()).model.activeModelPath).toBe("/home/pi/models/gemma-2-2b-it-Q4_0.gguf");
  });

  it("refuses an allowed web origin that is more than scheme, host and port, saying what one looks like", async () => {
    const { service } = await openWith(undefined);
    await expect(service.update({ patch: { api: { allowedOrigins: ["http://192.168.1.20:8080/app"] } } })).rejects.toThrow(/an origin such as http:\/\/192\.168\.1\.20:8080/);
    expect((await service.update({ patch: { api: { allowedOrigins: ["http://192.168.1.20:8080"] } } })).api.allowedOrigins).toEqual(["http://192.168.1.20:8080"]);
  });

  it("works in memory when given no file", async () => {
    const service = new SettingsService({ cores: 2 });
    await service.load();
    expect((await service.update({ patch: { sampling: { topK: 3 } } })).sampling.topK).toBe(3);
    expect(service.current.model.threads).toBe(2);
  });

  it("turns settings into what the engine takes", () => {
    expect(samplingFrom(defaults)).toEqual({ temperature: 0.8, topK: 40, topP: 0.95, minP: 0.05, repeatPenalty: 1.1, repeatLastTokens: 64, maxTokens: 1024 });
    expect(samplingFrom({ ...defaults, sampling: { ...defaults.sampling, seed: 9 } }).seed).toBe(9);
    expect(loadOptionsFrom(defaults)).toEqual({ threads: 4, batchSize: 128 });
    expect(loadOptionsFrom({ ...defaults, model: { ...defaults.model, contextSize: 2048 } })).toMatchObject({ contextSize: 2048 });
  });
});
