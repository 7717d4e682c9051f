/**
 * `--control`: the raw baseline again, in a plain child process of its own (no pipeline). Its ratio to the raw
 * baseline in the bench process is an A/A comparison: how far two identical sides drift apart on this machine, the
 * noise floor against which the ours/raw ratios must be read. bench/memory-variants.ts and bench/memory-growth.ts
 * use it too, one child per variant (`answer` with `keepConversation` continues the current conversation).
 */
import { serveParent } from "./child.ts";
import { RawBaseline } from "./raw.ts";
import { benchSampling, type LoadSettings } from "./settings.ts";

let raw: RawBaseline | undefined;

serveParent({
  async load(params) {
    raw = await RawBaseline.open(params.modelPath as string, params.load as LoadSettings, { swaFullCache: params.swaFullCache as boolean | undefined });
    return raw.info;
  },
  async answer(params) {
    if (!raw) throw new Error("load first");
    if (params.keepConversation !== true) raw.newConversation();
    return raw.answer(params.text as string, benchSampling(params.maxTokens as number));
  },
  /** What node-llama-cpp holds beside llama.cpp's buffers for this sequence (see RawBaseline.sequenceState). */
  sequenceState() {
    if (!raw) throw new Error("load first");
    return raw.sequenceState();
  },
  async dispose() {
    await raw?.dispose();
    setTimeout(() => process.exit(0), 100);
    return {};
  },
});
