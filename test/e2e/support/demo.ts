import { GEMMA2_SHAPES } from "../../../tools/make-model/gemma2-shapes.ts";

/** The name `--demo`'s random-weights model reports (GGUF general.name), as the status bar shows it. */
export const demoModelName = GEMMA2_SHAPES.tiny.displayName;

export const readyStatus = new RegExp(`^Ready · ${demoModelName}$`);
export const generatingStatus = new RegExp(`^Generating · ${demoModelName}$`);
/** What the status bar shows between a model being asked for and being ready. */
export const loadingStatus = /^(Starting engine…|Loading model… \d{1,3}%)$/;

/** The first start (engine process, llama.cpp, the model) takes 10–30 s on this loaded machine. */
export const modelLoadTimeoutMs = 90_000;

/**
 * settings.json for hosts whose tests need an answer that runs until they stop it (Stop, a crash mid-answer):
 * greedy sampling, with which the random-weights model never ends a turn (it ran past 3,000 characters and 90 s
 * for the suite's prompts), and the longest answer allowed. With the defaults (temperature 0.8, 1,024 tokens) a
 * demo answer can end on its own within a few seconds, racing the test's Stop or SIGKILL.
 */
export const endlessAnswerSettings = { sampling: { temperature: 0, maxTokens: 32_768 } };
