import { createHash } from "node:crypto";
import { chmod, mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { newAccessToken, sameSecret } from "../services/security/access-guard.ts";
import { writeFileAtomic } from "../services/storage/atomic-write.ts";

/**
 * The API token devices on the network send (`Authorization: Bearer …`). Only its SHA-256 is kept, in memory and in
 * `<userData>/api-token.json` (mode 0600): the token is 24 random bytes, so a fast hash is enough (nothing to guess
 * from a dictionary), and each request can be checked without a slow key derivation. The token itself exists only
 * in the answer to `renew()`, which the UI shows once.
 */
export class ApiTokenStore {
  private hash: Buffer | undefined;

  constructor(private readonly file: string | undefined) {}

  /** Reads the stored hash; a missing or unreadable file means no token (devices on the network are refused). */
  async load(): Promise<void> {
    if (!this.file) return;
    try {
      const stored = JSON.parse(await readFile(this.file, "utf8")) as { sha256?: unknown };
      this.hash = typeof stored.sha256 === "string" && /^[0-9a-f]{64}$/.test(stored.sha256) ? Buffer.from(stored.sha256, "hex") : undefined;
    } catch {
      this.hash = undefined;
    }
  }

  get hasToken(): boolean {
    return this.hash !== undefined;
  }

  /** Constant-time comparison of the hashes (equal lengths always). */
  readonly matches = (given: string): boolean => this.hash !== undefined && sameSecret(sha256(given), this.hash);

  /** A new token; the old one stops working at once. */
  async renew(): Promise<string> {
    const token = newAccessToken();
    const hash = sha256(token);
    if (this.file) {
      await mkdir(path.dirname(this.file), { recursive: true });
      await writeFileAtomic(this.file, `${JSON.stringify({ sha256: hash.toString("hex") })}\n`);
      await chmod(this.file, 0o600);
    }
    this.hash = hash;
    return token;
  }
}

function sha256(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}
