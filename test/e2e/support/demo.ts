import { GEMMA2_SHAPES } from "../../../tools/make-model/gemma2-shapes.ts";

/** The name `--demo`'s random-weights model reports (GGUF general.name), as the status bar shows it. */
export const demoModelName = GEMMA2_SHAPES.tiny.displayName;

export const readyStatus = new RegExp(`^Ready · ${demoModelName}$`);
export const generatingStatus = new RegExp(`^Generating · ${demoModelName}$`);
/** What the status bar shows between a model being asked for and being ready. */
export const loadingStatus = /^(Starting engine…|Loading model… \d{1,3}%)$/;

/** The first start (engine process, llama.cpp, the model) takes 10–30 s on this loaded machine. */
export const modelLoadTimeoutMs = 90_000;
