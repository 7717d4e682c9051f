import { z } from "zod";

const urlSchema = z.string().max(200);

/** Where the local API (Settings → Programs) listens now, for the UI to show. */
export const apiAccessStatusSchema = z.strictObject({
  /** "off": the settings keep it off; "failed": it could not start (`error` says why). */
  state: z.enum(["off", "listening", "failed"]),
  /** What programs on this computer use, e.g. http://127.0.0.1:11434. */
  localUrl: urlSchema.nullable(),
  /** What devices on the network use (one per address of this computer); empty unless network access is on. */
  networkUrls: z.array(urlSchema).max(32),
  port: z.number().int().min(0).max(65_535).nullable(),
  /** The port asked for (11434, Ollama's, so Ollama clients work unchanged). */
  wantedPort: z.number().int().min(0).max(65_535),
  /** Another program (probably Ollama) has `wantedPort`, so the API listens on `port`. */
  portTaken: z.boolean(),
  /** A token for devices on the network exists (only its hash is stored; the token was shown once). */
  hasToken: z.boolean(),
  error: z.string().max(2000).nullable(),
});
export type ApiAccessStatus = z.infer<typeof apiAccessStatusSchema>;

export const apiAccessMethods = {
  "apiAccess.status": { params: z.strictObject({}), result: apiAccessStatusSchema },
  /** Makes a new token for devices on the network (the old one stops working) and returns it: the only time it is shown. */
  "apiAccess.newToken": { params: z.strictObject({}), result: z.strictObject({ token: z.string().min(20).max(200), status: apiAccessStatusSchema }) },
};

export const apiAccessEvents = {
  "apiAccess.changed": apiAccessStatusSchema,
};
