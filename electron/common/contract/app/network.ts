import { z } from "zod";

export const tokenStatusSchema = z.strictObject({
  hasToken: z.boolean(),
  /** False where the token can only be stored unencrypted (no keyring, or the browser host). */
  encrypted: z.boolean(),
});
export type TokenStatus = z.infer<typeof tokenStatusSchema>;

export const networkMethods = {
  "network.tokenStatus": { params: z.strictObject({}), result: tokenStatusSchema },
  /** Stores (or with null forgets) the Hugging Face access token used for gated repositories. */
  "network.setToken": {
    params: z.strictObject({ token: z.string().trim().min(1).max(500).regex(/^[\x21-\x7e]+$/, "printable ASCII, no spaces").nullable() }),
    result: tokenStatusSchema,
  },
};
