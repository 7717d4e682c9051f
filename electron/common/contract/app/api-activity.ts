import { z } from "zod";

/** The program the local API is serving right now, as the status bar names it. */
export const programActivitySchema = z.strictObject({
  /** From its User-Agent, cut and cleaned in main (`ollama-js/0.6.4`, `OpenAI/JS 6.49.0`); null without one. */
  client: z.string().max(64).nullable(),
  /** The endpoint it called, e.g. `/api/chat`. */
  endpoint: z.string().max(40),
  /** The model it asked for, by the name it used. */
  model: z.string().max(500),
});
export type ProgramActivity = z.infer<typeof programActivitySchema>;

/** Whether a program is using the model (null: none). */
export const apiActivitySchema = z.strictObject({ program: programActivitySchema.nullable() });
export type ApiActivity = z.infer<typeof apiActivitySchema>;

export const apiActivityMethods = {
  "api.getActivity": { params: z.strictObject({}), result: apiActivitySchema },
};

export const apiActivityEvents = {
  /** Sent when a program starts and stops using the model. */
  "api.activity": apiActivitySchema,
};
